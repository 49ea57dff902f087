import { AsyncLocalStorage } from 'node:async_hooks';
import { CallHandler, ExecutionContext, HttpStatus, Injectable, NestInterceptor, OnModuleInit } from '@nestjs/common';
import { HTTP_CODE_METADATA } from '@nestjs/common/constants';
import { CommandBus, ICommand } from '@nestjs/cqrs';
import { Observable } from 'rxjs';
import { toErrorBody } from '../common/http-exception.filter';
import { AuditedRequest, AuditLog, commandOutcome, markAudited, requestFields } from '../logging/audit-log';
import type { CommandContext } from './command-context';
import type { CommandOutcome } from './stream-commands.service';

/** The write request a command runs in: where it came from, and the status its route answers with on success. */
interface RequestInScope {
  readonly request: AuditedRequest;
  readonly successStatus: number;
}

/**
 * One audit line per command run for an HTTP request (accepted, idempotent replay, conflict, refused), at the one place
 * every command passes: CommandBus.execute, wrapped once at start-up. The interceptor keeps the request in the async
 * context of its handler so the line names the route, the method and the request id; a bulk route that runs many
 * commands writes one line per command. A refused command's error is marked, so the exception filter does not write
 * a second line for it. Commands run outside a request (batch tools) are not logged here.
 */
@Injectable()
export class CommandAudit implements NestInterceptor, OnModuleInit {
  private readonly scope = new AsyncLocalStorage<RequestInScope>();

  constructor(
    private readonly bus: CommandBus,
    private readonly audit: AuditLog,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const request = context.switchToHttp().getRequest<AuditedRequest>();
    if (request.method === 'GET' || request.method === 'HEAD') return next.handle();
    const declared = Reflect.getMetadata(HTTP_CODE_METADATA, context.getHandler()) as number | undefined;
    const successStatus = declared ?? (request.method === 'POST' ? HttpStatus.CREATED : HttpStatus.OK);
    return new Observable((subscriber) => this.scope.run({ request, successStatus }, () => next.handle().subscribe(subscriber)));
  }

  onModuleInit(): void {
    const execute = this.bus.execute.bind(this.bus);
    this.bus.execute = (<R>(command: ICommand, ...rest: unknown[]): Promise<R> => {
      const scope = this.scope.getStore();
      const run = (execute as (command: ICommand, ...rest: unknown[]) => Promise<R>)(command, ...rest);
      if (!scope) return run;
      return run.then(
        (result) => {
          const replay = (result as Partial<CommandOutcome> | undefined)?.idempotentReplay === true;
          this.write(scope, command, scope.successStatus, replay);
          return result;
        },
        (error: unknown) => {
          const { body } = toErrorBody(error);
          this.write(scope, command, body.statusCode, false, body.code);
          markAudited(error);
          throw error;
        },
      );
    }) as CommandBus['execute'];
  }

  private write(scope: RequestInScope, command: ICommand, status: number, replay: boolean, code?: string): void {
    const context = (command as { context?: Partial<CommandContext> }).context;
    const fields = requestFields(scope.request);
    const actor = context?.actor;
    this.audit.write({
      event: 'command',
      outcome: commandOutcome(status, replay),
      status,
      ...(code !== undefined && { code }),
      ...fields,
      // The command's own actor (the same as the request's, recorded with its events).
      ...(actor && { actor: { sub: actor.actorId, issuer: actor.issuer ?? null }, role: actor.role, organisation: actor.organisationCode }),
      commandType: command.constructor.name,
      ...(typeof context?.commandId === 'string' && { commandId: context.commandId }),
    });
  }
}
