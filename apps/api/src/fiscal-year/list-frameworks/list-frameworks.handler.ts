import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { shippedFrameworkSummaries } from '@grants/domain';
import type { ShippedFrameworkSummary } from '@grants/domain';
import { ListFrameworks } from './list-frameworks.query';

@QueryHandler(ListFrameworks)
export class ListFrameworksHandler implements IQueryHandler<ListFrameworks> {
  /** The shipped frameworks are data of the build, not of a year: nothing is read from the store. */
  execute(): Promise<ShippedFrameworkSummary[]> {
    return Promise.resolve(shippedFrameworkSummaries());
  }
}
