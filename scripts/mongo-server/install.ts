// Installs the MongoDB-wire server used by tests and the embedded default (idempotent).
import { ensureMongoWireServerInstalled } from '../../src/db/mongo-wire-server.js';

const dir = ensureMongoWireServerInstalled((line) => console.log(line));
console.log(`mongo-java-server ready in ${dir}`);
