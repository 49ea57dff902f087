import { Global, Module } from '@nestjs/common';
import { FileParsingPool } from './file-parsing.pool';

/** The worker threads that read uploaded files (register, bulk answers and national figures imports). */
@Global()
@Module({ providers: [FileParsingPool], exports: [FileParsingPool] })
export class FileParsingModule {}
