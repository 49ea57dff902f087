import { Module } from '@nestjs/common';
import { GetIndicatorStatisticsController } from './get-indicator-statistics/get-indicator-statistics.controller';
import { GetIndicatorStatisticsHandler } from './get-indicator-statistics/get-indicator-statistics.handler';
import { GetInsurerScoreController } from './get-insurer-score/get-insurer-score.controller';
import { GetInsurerScoreHandler } from './get-insurer-score/get-insurer-score.handler';
import { GetPrefectureScoreController } from './get-prefecture-score/get-prefecture-score.controller';
import { GetPrefectureScoreHandler } from './get-prefecture-score/get-prefecture-score.handler';
import { GetRankingsController } from './get-rankings/get-rankings.controller';
import { GetRankingsHandler } from './get-rankings/get-rankings.handler';
import { ScoresReader } from './scores.reader';

/**
 * Bounded context: published scores and ranks, read from the scores read models (fed by ScoresProjection from the
 * ScoresCalculated recorded when the fiscal year moves to 'scored'), one folder per query.
 */
@Module({
  controllers: [GetInsurerScoreController, GetPrefectureScoreController, GetRankingsController, GetIndicatorStatisticsController],
  providers: [ScoresReader, GetInsurerScoreHandler, GetPrefectureScoreHandler, GetRankingsHandler, GetIndicatorStatisticsHandler],
})
export class ScoringModule {}
