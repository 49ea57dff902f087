import { Module } from '@nestjs/common';
import { ScoringController } from './scoring.controller';

/** Bounded context: published scores and ranks (computed when the fiscal year moves to 'scored'). */
@Module({ controllers: [ScoringController] })
export class ScoringModule {}
