export * from './enums';
export * from './staff';
export * from './audit';
export * from './customers';
export * from './service-sessions';
export * from './inspections';
export * from './notifications';
export * from './credentials';
