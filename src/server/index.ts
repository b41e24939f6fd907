/**
 * `redcap-frames/server`: the embedded REDCap-compatible server (SQLite
 * behind the REDCap API), REDCap project XML (CDISC ODM) in and out, and
 * the demo projects. Kept off the package root so that a notebook that only
 * uses the client loads none of this (the native SQLite binding included).
 */
export { RedcapServer, defaultDatabasePath, type ServerOptions, type HeldProject } from './redcap-server.js';
export { parseOdm, readOdmFile } from './odm/parse-odm.js';
export { writeOdm, type WriteOdmOptions } from './odm/write-odm.js';
export type { ProjectDefinition } from './project-definition.js';
export { demoProjects } from './demo/index.js';
export { startDemoServer } from '../notebook/demo-server.js';
