export * from './capture-output.js';
export * from './fuzz.js';
