// attack: register a Blob under an object URL (a registry of the whole process, which would outlive the run)
// expect: value ["undefined", "undefined"]
[typeof URL.createObjectURL, typeof URL.revokeObjectURL];
