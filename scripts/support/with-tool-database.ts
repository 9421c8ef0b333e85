import { type Config, loadConfigOrExit } from '../../src/config.js';
import { openDatabaseForTool } from '../../src/db/open-database.js';

/** A refusal the tool explains in its own words (and exit code) instead of "<tool> failed: …". */
export type ExplainError = (error: unknown) => { line: string; code: number } | undefined;

/**
 * The frame of a command-line tool once its arguments are read: configuration, the database as
 * every tool opens it (MONGODB_URI, the running service's embedded server, or the data file),
 * the tool's body, and the database closed whatever happened. Returns the exit code.
 */
export async function withToolDatabase(name: string, body: (config: Config) => Promise<number>, explain?: ExplainError): Promise<number> {
  const config = loadConfigOrExit();
  const database = await openDatabaseForTool(config);
  try {
    return await body(config);
  } catch (error) {
    const known = explain?.(error);
    if (known) {
      console.error(known.line);
      return known.code;
    }
    console.error(`${name} failed: ${(error as Error).message}`);
    return 1;
  } finally {
    await database.close();
  }
}

/** Exits with the tool's code; an error that escaped everything is printed whole. */
export function exitWith(run: Promise<number>): void {
  run.then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
