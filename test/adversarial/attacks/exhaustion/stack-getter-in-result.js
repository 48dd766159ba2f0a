// attack: the result has a getter that recurses without end, so the stack overflows while the guest encodes the result
// expect: error JavaScriptError JAVASCRIPT_ERROR
// message: ^RangeError: Maximum call stack size exceeded
// options: {"timeoutMs": 30000}
const result = {
  get deep() {
    return this.deep;
  },
};
result;
