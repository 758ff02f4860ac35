// The tablet's camera as a QR scanner for "Check a receipt": the back camera
// where there is one, frames read one at a time until a code is found. The
// stream stops when a code is read, when scanning is stopped, and when the
// screen closes; no frame is kept.
import { useCallback, useEffect, useRef, useState } from 'react';
import { openQrReader } from './qrReader';

export type CameraState =
  | { kind: 'off' }
  | { kind: 'starting' }
  | { kind: 'scanning' }
  /** denied: the person or the browser refused; missing: no camera (or no camera API, as on plain http); failed: anything else. */
  | { kind: 'failed'; reason: 'denied' | 'missing' | 'failed' };

/** Time between two frames read: the reader takes one at a time, and a cheap tablet needs the rest of the time to show the picture. */
const FRAME_GAP_MS = 150;

const reasonOf = (error: unknown): 'denied' | 'missing' | 'failed' => {
  const name = error instanceof Error || error instanceof DOMException ? error.name : '';
  if (name === 'NotAllowedError' || name === 'SecurityError') return 'denied';
  if (name === 'NotFoundError' || name === 'OverconstrainedError') return 'missing';
  return 'failed';
};

export function useQrCamera(onCode: (text: string) => void) {
  const [state, setState] = useState<CameraState>({ kind: 'off' });
  const videoRef = useRef<HTMLVideoElement>(null);
  const session = useRef<{ stream?: MediaStream; timer?: ReturnType<typeof setTimeout>; stopped: boolean } | undefined>(undefined);
  const onCodeRef = useRef(onCode);
  useEffect(() => {
    onCodeRef.current = onCode;
  }, [onCode]);

  const release = useCallback(() => {
    const current = session.current;
    session.current = undefined;
    if (!current) return;
    current.stopped = true;
    clearTimeout(current.timer);
    for (const track of current.stream?.getTracks() ?? []) track.stop();
    if (videoRef.current) videoRef.current.srcObject = null;
  }, []);

  const stop = useCallback(() => {
    release();
    setState({ kind: 'off' });
  }, [release]);

  const start = useCallback(async () => {
    release();
    if (!navigator.mediaDevices?.getUserMedia) {
      setState({ kind: 'failed', reason: 'missing' });
      return;
    }
    const current: { stream?: MediaStream; timer?: ReturnType<typeof setTimeout>; stopped: boolean } = { stopped: false };
    session.current = current;
    setState({ kind: 'starting' });
    try {
      const [stream, reader] = await Promise.all([
        navigator.mediaDevices.getUserMedia({
          audio: false,
          video: { facingMode: { ideal: 'environment' }, width: { ideal: 1920 }, height: { ideal: 1080 } },
        }),
        openQrReader(),
      ]);
      current.stream = stream;
      const video = videoRef.current;
      if (current.stopped || !video) {
        for (const track of stream.getTracks()) track.stop();
        return;
      }
      video.srcObject = stream;
      await video.play();
      setState({ kind: 'scanning' });
      const readFrame = async () => {
        if (current.stopped) return;
        const text = video.readyState >= HTMLMediaElement.HAVE_CURRENT_DATA ? await reader.read(video).catch(() => undefined) : undefined;
        if (current.stopped) return;
        if (text) {
          stop();
          onCodeRef.current(text);
          return;
        }
        current.timer = setTimeout(() => void readFrame(), FRAME_GAP_MS);
      };
      void readFrame();
    } catch (error) {
      if (current.stopped) return;
      release();
      setState({ kind: 'failed', reason: reasonOf(error) });
    }
  }, [release, stop]);

  useEffect(() => release, [release]);

  return { state, videoRef, start, stop };
}
