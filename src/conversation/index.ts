export * from './states.js';
export * from './qualification.js';
export * from './roi.js';
export * from './guardrails.js';
export * from './copy.js';
export * from './persona.js';
