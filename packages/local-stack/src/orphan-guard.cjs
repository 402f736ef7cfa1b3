// Preloaded (`node --require`) into child processes of the local stack: when the stack's process
// dies without stopping its children (e.g. SIGKILL), the child notices it has a new parent and
// exits, so nothing is left behind.
'use strict';
const parent = process.ppid;
setInterval(() => {
  if (process.ppid !== parent) process.exit(0);
}, 500).unref();
