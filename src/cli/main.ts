#!/usr/bin/env node
import { demo, DEMO_HELP } from './demo.js';
import { EXPORT_HELP, UsageError, exportCommand } from './export.js';
import { IMPORT_HELP, importCommand } from './import.js';
import { report, REPORT_HELP } from './report.js';
import { serve, SERVE_HELP } from './serve.js';

const HELP = `redcap-frames <command> [options]

Commands:
  serve     run the embedded REDCap-compatible server
  demo      run the demo notebooks headless and write the reports
  report    run your notebooks headless against REDCAP_API_URL and write them with their HTML
  export    export a project's records, typed, to .arrow, .csv or .json
  import    check and import a .arrow, .csv or .json file into a project
  help      show this text

${SERVE_HELP}

${DEMO_HELP}

${REPORT_HELP}

${EXPORT_HELP}

${IMPORT_HELP}`;

async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'serve': {
      const server = await serve(rest);
      const stop = () => {
        server.close().then(
          () => process.exit(0),
          () => process.exit(1),
        );
      };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
      return;
    }
    case 'demo':
      process.exitCode = await demo(rest);
      return;
    case 'report':
      process.exitCode = await report(rest);
      return;
    case 'export':
      process.exitCode = await exportCommand(rest);
      return;
    case 'import':
      process.exitCode = await importCommand(rest);
      return;
    case undefined:
    case 'help':
    case '--help':
      console.log(HELP);
      return;
    default:
      console.error(`Unknown command "${command}".\n\n${HELP}`);
      process.exitCode = 2;
  }
}

main(process.argv.slice(2)).catch((err: unknown) => {
  console.error(`redcap-frames: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = err instanceof UsageError ? 2 : 1;
});
