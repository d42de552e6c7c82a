// Deliberately empty. tsconfig.core.json points typeRoots here, so a library's
// `/// <reference types="node" />` (docx has one) resolves to this file instead of @types/node,
// and Node's globals (Buffer, process, setImmediate) and `node:` modules stay unknown to the core.
export {};
