import { RecipientScore } from './recipient-score.entity';
import { ScoreCalculation } from './score-calculation.entity';
import { ScoreRanking } from './score-ranking.entity';

/** The scoring context's read-model entities, registered with the read-model data source. */
export const SCORING_ENTITIES = [ScoreCalculation, RecipientScore, ScoreRanking];
