// The pure case lifecycle: states, actions, guards, citations and who may act. No I/O.
export * from './states';
export * from './actions';
export * from './machine';
export * from './citations';
export * from './schemas';
export * from './service-in-force';
