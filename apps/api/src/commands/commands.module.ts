import { Global, Module } from '@nestjs/common';
import { Clock, SystemClock } from './clock';
import { StreamCommands } from './stream-commands.service';

/** Command plumbing every bounded context uses: load → decide → append, and the clock. */
@Global()
@Module({
  providers: [StreamCommands, { provide: Clock, useClass: SystemClock }],
  exports: [StreamCommands, Clock],
})
export class CommandsModule {}
