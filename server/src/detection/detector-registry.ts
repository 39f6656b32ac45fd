/** Every detector, in the order their evidence is reported. Add a detector here and nowhere else. */
import type { Detector } from './types.ts';
import { signatureDetector } from './detectors/signature.detector.ts';
import { driftDetector } from './detectors/drift.detector.ts';
import { injectionDetector } from './detectors/injection.detector.ts';
import { cloakingDetector } from './detectors/cloaking.detector.ts';
import { subpageDetector } from './detectors/subpage.detector.ts';
import { renderedDetector } from './detectors/rendered.detector.ts';

export const DETECTORS: readonly Detector[] = [signatureDetector, driftDetector, injectionDetector, cloakingDetector, subpageDetector, renderedDetector];
