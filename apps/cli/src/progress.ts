/**
 * A progress bar for long runs, on stderr and only on a terminal (scripts and pipes get clean output):
 * `読込中 / reading [██████░░░░░░] 52% 156,000/300,000 events  131,000/s`.
 */
export interface Progress {
  update(done: number): void;
  finish(): void;
}

export const NO_PROGRESS: Progress = { update: () => undefined, finish: () => undefined };

export function progressBar(label: string, total: number, stream: NodeJS.WriteStream = process.stderr, width = 24): Progress {
  if (!stream.isTTY || total <= 0) return NO_PROGRESS;
  const started = Date.now();
  let shownAt = 0;
  const draw = (done: number) => {
    const fraction = Math.min(1, done / total);
    const filled = Math.round(fraction * width);
    const seconds = Math.max((Date.now() - started) / 1000, 0.001);
    const rate = Math.round(done / seconds).toLocaleString('en-US');
    stream.write(
      `\r${label} [${'█'.repeat(filled)}${'░'.repeat(width - filled)}] ${Math.floor(fraction * 100)}% ${done.toLocaleString('en-US')}/${total.toLocaleString('en-US')} events  ${rate}/s `,
    );
  };
  return {
    update(done) {
      if (Date.now() - shownAt < 100 && done < total) return;
      shownAt = Date.now();
      draw(done);
    },
    finish() {
      stream.write('\n');
    },
  };
}
