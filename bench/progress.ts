/** A one-line progress bar on stderr: rows done / total, rate, ETA (a plain line every 5 s when not a TTY). */
export class Progress {
  private label = '';
  private total = 0;
  private done = 0;
  private t0 = 0;
  private timer: NodeJS.Timeout | null = null;
  private lastPlain = 0;
  private readonly tty = Boolean(process.stderr.isTTY);
  private readonly log: (line: string) => void;

  constructor(log: (line: string) => void) {
    this.log = log;
  }

  start(label: string, total: number): void {
    this.label = label;
    this.total = total;
    this.done = 0;
    this.t0 = performance.now();
    this.lastPlain = this.t0;
    this.timer = setInterval(() => this.draw(false), 250);
    this.timer.unref();
  }

  add(n: number): void {
    this.done += n;
  }

  finish(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.draw(true);
  }

  private draw(final: boolean): void {
    const secs = (performance.now() - this.t0) / 1000;
    const rate = this.done / Math.max(secs, 0.001);
    const frac = this.total ? Math.min(1, this.done / this.total) : 1;
    const eta = rate > 0 ? (this.total - this.done) / rate : 0;
    const width = 30;
    const bar = '#'.repeat(Math.round(frac * width)).padEnd(width, '-');
    const line = `${this.label.padEnd(9)} [${bar}] ${this.done.toLocaleString('en')}/${this.total.toLocaleString('en')} rows  ${Math.round(rate).toLocaleString('en')} rows/s  ${final ? `done in ${secs.toFixed(1)} s` : `ETA ${Math.ceil(eta)} s`}`;
    if (this.tty) {
      process.stderr.write(`\r\x1b[K${line}${final ? '\n' : ''}`);
    } else if (final || performance.now() - this.lastPlain > 5000) {
      this.lastPlain = performance.now();
      this.log(line);
    }
  }
}
