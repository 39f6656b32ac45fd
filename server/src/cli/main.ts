import { Command } from 'commander';
import { ConfigError, describeSettings } from '../config/config.ts';
import { registerAdminCommands } from './admin.commands.ts';
import { registerServe } from './serve.command.ts';

const program = new Command();
program
  .name('vigil')
  .description('Vigil: security operations and incident coordination')
  .showHelpAfterError()
  .addHelpText('after', `\nSettings (environment variables; or a JSON file named by VIGIL_CONFIG):\n${describeSettings()}\n`);

registerServe(program);
registerAdminCommands(program);

try {
  await program.parseAsync(process.argv);
} catch (e) {
  if (e instanceof ConfigError) {
    process.stderr.write(`configuration error: ${e.message}\n`);
    process.exit(2);
  }
  throw e;
}
