// attack: import.meta, to find the module loader
// expect: error SyntaxError SYNTAX_ERROR
typeof import.meta;
