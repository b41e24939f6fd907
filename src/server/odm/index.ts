export { parseOdm, parseFormRights } from './parse-odm.js';
export { writeOdm, formatFormRights, studyOidName, type WriteOdmOptions } from './write-odm.js';
export { uniqueGroupName } from './unique-group-name.js';
