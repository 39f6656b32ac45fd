import { Command } from 'commander';
import { ConfigError, describeSettings } from '../config/config.ts';
import { DatabaseLockedError } from '../db/data-dir-lock.ts';
import { DomainError, ValidationError } from '../domain/errors.ts';
import { ImportFileError } from '../importing/import-file-error.ts';
import { registerAdminCommands } from './admin.commands.ts';
import { registerCheck } from './check.command.ts';
import { registerRegistryCommands } from './registry.commands.ts';
import { registerServe } from './serve.command.ts';
import { registerVulnCommands } from './vulns.commands.ts';
import { registerWorker } from './worker.command.ts';

const program = new Command();
program
  .name('vigil')
  .description('Vigil: security operations and incident coordination')
  .showHelpAfterError()
  .addHelpText('after', `\nSettings (environment variables; or a JSON file named by VIGIL_CONFIG):\n${describeSettings()}\n`);

registerServe(program);
registerWorker(program);
registerAdminCommands(program);
registerRegistryCommands(program);
registerCheck(program);
registerVulnCommands(program);

try {
  await program.parseAsync(process.argv);
} catch (e) {
  if (e instanceof ConfigError || e instanceof DatabaseLockedError) {
    process.stderr.write(`${e instanceof ConfigError ? 'configuration error' : 'error'}: ${e.message}\n`);
    process.exit(2);
  }
  if (e instanceof DomainError || e instanceof ImportFileError) {
    process.stderr.write(`error: ${e.message}\n`);
    if (e instanceof ValidationError) for (const f of e.fields) process.stderr.write(`  ${f.field}: ${f.message}\n`);
    process.exit(2);
  }
  throw e;
}
