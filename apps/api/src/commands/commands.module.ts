import { Global, Module } from '@nestjs/common';
import { Upcasters } from '@grants/event-store';
import { Clock, SystemClock } from './clock';
import { StreamCommands } from './stream-commands.service';
import { API_UPCASTERS } from './upcasters';

/** Command plumbing every bounded context uses: load → decide → append, and the clock. */
@Global()
@Module({
  providers: [StreamCommands, { provide: Clock, useClass: SystemClock }, { provide: Upcasters, useValue: new Upcasters(API_UPCASTERS) }],
  exports: [StreamCommands, Clock, Upcasters],
})
export class CommandsModule {}
