import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class ProjectionStallDto {
  @ApiProperty({ description: 'Checkpoint the projection is held at (decimal string)', example: '41' })
  readonly position: string;

  @ApiProperty({ description: 'Kind of error of the failing batch (the full text is logged)', example: 'EventStoreUnavailable' })
  readonly error: string;

  @ApiProperty({ example: 3 })
  readonly attempts: number;
}

export class ProjectionStatusDto {
  @ApiProperty({ example: 'stream_catalog' })
  readonly name: string;

  @ApiProperty({ description: 'Global position of the last event applied (decimal string)', example: '42' })
  readonly position: string;

  @ApiPropertyOptional({ type: ProjectionStallDto, description: 'Present while the projection is halted on a failing batch' })
  readonly stalled?: ProjectionStallDto;
}

export class ProjectionsHealthDto {
  @ApiProperty({
    description: "Position of the store's last event (decimal string); null when the store cannot be reached",
    example: '42',
    nullable: true,
    type: String,
  })
  readonly headPosition: string | null;

  @ApiProperty({ type: [ProjectionStatusDto] })
  readonly projections: ProjectionStatusDto[];
}
