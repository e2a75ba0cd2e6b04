/**
 * An SRT URL for a caller: the one port, the Stream ID and passphrase as OBS puts them. Not percent-encoded: FFmpeg
 * 5.1 passes `streamid` on as written (`%2F` would stay three characters), so neither may hold `&`.
 */
export function srtUrl(port: number, streamId: string, passphrase: string, host = '127.0.0.1'): string {
  return `srt://${host}:${port}?streamid=${streamId}&passphrase=${passphrase}`;
}

/** FFmpeg publishing a test pattern and a tone as MPEG-TS over SRT for `seconds`, in real time (`-re`). */
export function callerArgs(url: string, seconds: number, extra: string[] = []): string[] {
  return [
    ...['-hide_banner', '-nostdin', '-loglevel', 'error', '-re'],
    ...['-f', 'lavfi', '-i', 'testsrc2=size=640x360:rate=30', '-f', 'lavfi', '-i', 'sine'],
    ...['-t', String(seconds), '-c:v', 'libx264', '-preset', 'ultrafast', '-g', '60', '-c:a', 'aac'],
    ...extra,
    ...['-f', 'mpegts', url],
  ];
}
