import { Global, Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { AsOfInterceptor } from '../common/as-of';
import { Upcasters } from '@grants/event-store';
import { APP_OPTIONS, AppOptions } from '../config/config.module';
import { Clock, SystemClock } from './clock';
import { CommandAudit } from './command-audit';
import { StreamCommands, StreamReads } from './stream-commands.service';
import { API_UPCASTERS } from './upcasters';

/** Command plumbing every bounded context uses: load → decide → append, the clock, and reads as of a point in time. */
@Global()
@Module({
  providers: [
    StreamCommands,
    StreamReads,
    { provide: APP_INTERCEPTOR, useClass: AsOfInterceptor },
    CommandAudit,
    { provide: APP_INTERCEPTOR, useExisting: CommandAudit },
    { provide: Clock, inject: [APP_OPTIONS], useFactory: (options: AppOptions) => options.clock ?? new SystemClock() },
    { provide: Upcasters, useValue: new Upcasters(API_UPCASTERS) },
  ],
  exports: [StreamCommands, StreamReads, Clock, Upcasters],
})
export class CommandsModule {}
