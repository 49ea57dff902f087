import { NO_PROGRESS, progressBar } from './progress';

function fakeStream(isTTY: boolean) {
  const written: string[] = [];
  return { stream: { isTTY, write: (text: string) => written.push(text) } as unknown as NodeJS.WriteStream, written };
}

describe('progressBar', () => {
  it('draws a bar with the share done, the counts and the rate on a terminal, ending with a new line', () => {
    const { stream, written } = fakeStream(true);
    const bar = progressBar('読込中 / reading', 300_000, stream, 10);
    bar.update(150_000);
    bar.update(300_000);
    bar.finish();
    expect(written[0]).toMatch(/^\r読込中 \/ reading \[█████░░░░░\] 50% 150,000\/300,000 events {2}[\d,]+\/s $/);
    expect(written[1]).toContain('[██████████] 100% 300,000/300,000 events');
    expect(written.at(-1)).toBe('\n');
  });

  it('stays silent when stderr is not a terminal (scripts and pipes get clean output)', () => {
    const { stream, written } = fakeStream(false);
    expect(progressBar('x', 10, stream)).toBe(NO_PROGRESS);
    expect(written).toEqual([]);
  });
});
