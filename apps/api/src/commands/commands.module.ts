import { Global, Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { AsOfInterceptor } from '../common/as-of';
import { Upcasters } from '@grants/event-store';
import { Clock, SystemClock } from './clock';
import { StreamCommands, StreamReads } from './stream-commands.service';
import { API_UPCASTERS } from './upcasters';

/** Command plumbing every bounded context uses: load → decide → append, the clock, and reads as of a point in time. */
@Global()
@Module({
  providers: [
    StreamCommands,
    StreamReads,
    { provide: APP_INTERCEPTOR, useClass: AsOfInterceptor },
    { provide: Clock, useClass: SystemClock },
    { provide: Upcasters, useValue: new Upcasters(API_UPCASTERS) },
  ],
  exports: [StreamCommands, StreamReads, Clock, Upcasters],
})
export class CommandsModule {}
