// attack: (not an escape) assign message and toJSON on objects Bun's realm made, whose prototypes are frozen: must work as on any object
// expect: value ["more: Invalid URL", "mine"]
'use strict';
let thrown;
try {
  new URL('');
} catch (error) {
  thrown = error;
}
thrown.message = 'more: ' + thrown.message.split(':')[0];
const data = await new Response('{"a":1}').json();
data.toJSON = () => 'mine';
[thrown.message, JSON.stringify(data).replaceAll('"', '')];
