export * from './child-process.ts';
export * from './cognito-bootstrap.ts';
export * from './cognito-emulator.ts';
export * from './free-port.ts';
export * from './lambda-bundle.ts';
