export * from './voice/providers.js';
