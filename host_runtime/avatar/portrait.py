"""A host made from a photo the persona supplies: MediaPipe's face mesh finds the lips,
eyelids and irises once, and each frame warps them with precomputed displacement fields
(cv2.remap on the face region only), driven by the same visemes and idle motion as the
illustrated host: blinks, a gently swaying and breathing head (a small shift and tilt about
the chin that fades out into the surroundings, so the head never tears from the photo), and
glances (the irises slide inside the eye openings).

A real person's likeness may only be animated with their consent, so the renderer refuses to
start without the persona's likeness_consent record.
"""

from __future__ import annotations

import functools
from pathlib import Path

import cv2
import numpy as np

from ..models.persona import LikenessConsent
from .base import IdleMotion, Pose, Renderer
from .visemes import MouthShape

# MediaPipe face mesh indices (478 points with refine_landmarks)
UPPER_INNER = [78, 191, 80, 81, 82, 13, 312, 311, 310, 415, 308]
LOWER_INNER = [78, 95, 88, 178, 87, 14, 317, 402, 318, 324, 308]
MOUTH_OUTER = [61, 146, 91, 181, 84, 17, 314, 405, 321, 375, 291, 409, 270, 269, 267, 0, 37, 39, 40, 185]
EYES = [  # (upper lid centre, lower lid centre, corner, corner)
    (159, 145, 33, 133),
    (386, 374, 362, 263),
]
CHIN, FOREHEAD = 152, 10
#: refine_landmarks adds the irises: centre, then four points on the rim, per eye
IRISES = [(468, 469), (473, 474)]
EYE_OPENINGS = [
    [33, 7, 163, 144, 145, 153, 154, 155, 133, 173, 157, 158, 159, 160, 161, 246],
    [362, 382, 381, 380, 374, 373, 390, 249, 263, 466, 388, 387, 386, 385, 384, 398],
]
FACE_OVAL = [10, 338, 297, 332, 284, 251, 389, 356, 454, 323, 361, 288, 397, 365, 379, 378, 400, 377, 152,
             148, 176, 149, 150, 136, 172, 58, 132, 93, 234, 127, 162, 21, 54, 103, 67, 109]


def _user_error(message: str) -> Exception:
    from ..models import UserError

    return UserError(message)


@functools.cache
def face_landmarks(path: Path, mtime: float) -> np.ndarray:
    """478 (x, y) pixel landmarks of the one face in a photo; cached per file version."""
    import mediapipe as mp

    image = cv2.imread(str(path))
    if image is None:
        raise _user_error(f"{path}: cannot read this image (use a JPEG or PNG)")
    with mp.solutions.face_mesh.FaceMesh(static_image_mode=True, refine_landmarks=True, max_num_faces=1,
                                         min_detection_confidence=0.5) as mesh:
        found = mesh.process(cv2.cvtColor(image, cv2.COLOR_BGR2RGB))
    if not found.multi_face_landmarks:
        raise _user_error(f"{path}: no face found; use a well-lit, front-facing photo of one person")
    h, w = image.shape[:2]
    return np.array([(p.x * w, p.y * h) for p in found.multi_face_landmarks[0].landmark], np.float32)


def _smoothstep(edge0: float, edge1: float, x: np.ndarray) -> np.ndarray:
    u = np.clip((x - edge0) / max(edge1 - edge0, 1e-6), 0, 1)
    return u * u * (3 - 2 * u)


class PortraitRenderer(Renderer):
    def __init__(self, image_path: Path, consent: LikenessConsent | None, width: int = 1280, height: int = 720,
                 seed: int = 0):
        if consent is None:
            raise _user_error(f"{image_path}: refusing to animate a portrait without the persona's likeness_consent "
                              "record {by, date, scope} from the person shown")
        self.width, self.height = width, height
        self.idle = IdleMotion(seed)
        if not image_path.is_file():
            raise _user_error(f"{image_path}: portrait image not found")
        photo = cv2.imread(str(image_path))
        if photo is None:
            raise _user_error(f"{image_path}: cannot read this image (use a JPEG or PNG)")
        points = face_landmarks(image_path, image_path.stat().st_mtime)
        self.base, self.points = self._place(photo, points)
        self._fields()

    def _place(self, photo: np.ndarray, points: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Scale the photo so the face is about 40% of the frame height, centred where the
        illustrated host stands; a blurred, darkened copy of the photo fills the rest."""
        w, h = self.width, self.height
        face_h = float(points[CHIN, 1] - points[FOREHEAD, 1])
        scale = 0.42 * h / max(face_h, 1.0)
        centre = points[[FOREHEAD, CHIN]].mean(axis=0) * scale
        offset = np.array([0.34 * w, 0.42 * h]) - centre
        m = np.array([[scale, 0, offset[0]], [0, scale, offset[1]]], np.float32)
        cover = max(w / photo.shape[1], h / photo.shape[0])
        backdrop = cv2.resize(photo, (int(np.ceil(photo.shape[1] * cover)), int(np.ceil(photo.shape[0] * cover))))
        backdrop = (cv2.GaussianBlur(backdrop[:h, :w], (0, 0), 25) * 0.45).astype(np.uint8)
        base = cv2.warpAffine(photo, m, (w, h), flags=cv2.INTER_AREA, borderMode=cv2.BORDER_TRANSPARENT, dst=backdrop)
        return base, points * scale + offset.astype(np.float32)

    def _fields(self) -> None:
        """Unit displacement fields over the face region, computed once: per frame the warp is
        a weighted sum of these and one remap."""
        p = self.points
        oval = p[FACE_OVAL]
        self.face_h = float(p[CHIN, 1] - p[FOREHEAD, 1])
        margin = 0.16 * self.face_h  # where the head's motion fades into the still photo
        x0, y0 = np.floor(oval.min(axis=0) - margin).astype(int)
        x1, y1 = np.ceil(oval.max(axis=0) + margin).astype(int)
        x0, y0, x1, y1 = max(x0, 0), max(y0, 0), min(x1, self.width), min(y1, self.height)
        self.roi = (x0, y0, x1, y1)
        gy, gx = np.mgrid[y0:y1, x0:x1].astype(np.float32)
        self.grid = (gx, gy)
        inside = np.zeros((y1 - y0, x1 - x0), np.uint8)
        cv2.fillPoly(inside, [np.round(oval - (x0, y0)).astype(np.int32)], 255)
        outside = cv2.distanceTransform(255 - inside, cv2.DIST_L2, 5)
        self.head = (1 - _smoothstep(0, 0.9 * margin, outside)).astype(np.float32)
        self.pivot = p[CHIN]
        # a small roll about the chin, as offsets per radian: (-(y - py), x - px), weighted
        self.roll = ((-(gy - self.pivot[1]) * self.head).astype(np.float32),
                     ((gx - self.pivot[0]) * self.head).astype(np.float32))
        self.irises = np.zeros_like(self.head)
        self.iris_r = 0.0
        if len(p) >= 478:  # refined landmarks: the irises can glance
            for (centre, rim), opening in zip(IRISES, EYE_OPENINGS):
                r = float(np.linalg.norm(p[rim] - p[centre]))
                eye = np.zeros_like(inside)
                cv2.fillPoly(eye, [np.round(p[opening] - (x0, y0)).astype(np.int32)], 255)
                # a little past the mesh's eye outline, which can sit tight on the iris: lid
                # edges there only slide along themselves
                eye = np.clip(2 * cv2.GaussianBlur(eye.astype(np.float32) / 255, (0, 0), max(r / 3, 0.5)), 0, 1)
                # the iris moves whole; the white around it takes up the stretch
                near = 1 - _smoothstep(1.6 * r, 3.2 * r, np.hypot(gx - p[centre, 0], gy - p[centre, 1]))
                self.irises += (eye * near).astype(np.float32)
                self.iris_r = max(self.iris_r, r)
        left, right = p[61], p[291]
        self.mouth_c = (left + right) / 2
        self.mouth_w = float(np.linalg.norm(right - left))
        lip_line = float(p[UPPER_INNER, 1].max())
        chin = float(p[CHIN, 1])
        across = np.exp(-0.5 * ((gx - self.mouth_c[0]) / (0.75 * self.mouth_w)) ** 2)
        # the jaw: everything below the lips moves down, fading out past the chin
        below = _smoothstep(lip_line, lip_line + 2, gy) * (1 - _smoothstep(chin - 0.1 * self.mouth_w, chin + 0.6 * self.mouth_w, gy))
        self.jaw = (across * below).astype(np.float32)
        near = np.exp(-0.5 * (((gx - self.mouth_c[0]) / (0.8 * self.mouth_w)) ** 2 + ((gy - self.mouth_c[1]) / (0.45 * self.mouth_w)) ** 2))
        self.spread = (np.sign(gx - self.mouth_c[0]) * near * np.clip(np.abs(gx - self.mouth_c[0]) / (0.5 * self.mouth_w), 0, 1)).astype(np.float32)
        self.lids = []
        for upper, lower, c0, c1 in EYES:
            top, bottom = p[upper], p[lower]
            ew = float(np.linalg.norm(p[c1] - p[c0]))
            ex = (p[c0, 0] + p[c1, 0]) / 2
            opening = float(bottom[1] - top[1]) + 1.0
            horiz = np.exp(-0.5 * ((gx - ex) / (0.45 * ew)) ** 2)
            vert = _smoothstep(top[1] - 0.9 * ew, top[1] - 0.2 * ew, gy) * (1 - _smoothstep(bottom[1] - 1, bottom[1] + 1, gy))
            self.lids.append((horiz * vert * opening).astype(np.float32))

    def mouth_box(self) -> tuple[int, int, int, int]:
        pts = self.points[MOUTH_OUTER]
        x0, y0 = pts.min(axis=0) - 0.2 * self.mouth_w
        x1, y1 = pts.max(axis=0) + np.array([0.2, 0.6]) * self.mouth_w
        return int(x0), int(y0), int(x1 - x0), int(y1 - y0)

    def render(self, t: float, mouth: MouthShape) -> np.ndarray:
        return self.draw(self.idle.at(t), mouth)

    def motion(self, pose: Pose) -> tuple[float, float, float]:
        """Head shift (x, y, pixels) and roll (radians) for an idle pose: about the sway and
        breathing the illustrated host has, relative to the face's size."""
        return (pose.head_dx * 0.02 * self.face_h, (pose.head_dy * 0.006 - pose.breath * 0.01) * self.face_h,
                pose.head_dx * 0.012)

    def draw(self, pose: Pose, mouth: MouthShape) -> np.ndarray:
        """The frame for an explicit idle pose (`render` takes the pose from the idle motion)."""
        frame = self.base.copy()
        x0, y0, x1, y1 = self.roi
        gx, gy = self.grid
        drop = mouth.open * 0.45 * self.mouth_w
        widen = (mouth.width - 1.0 - 0.25 * mouth.round) * 0.5 * self.mouth_w
        dx, dy, roll = self.motion(pose)
        # each output pixel samples the photo where its content was before the motion; the
        # terms are added in place (cv2.scaleAdd), as the remap itself is most of a frame
        map_x, map_y = cv2.scaleAdd(self.head, -dx, gx), cv2.scaleAdd(self.head, -dy, gy)
        terms = [(self.roll[0], -roll, map_x), (self.roll[1], -roll, map_y), (self.spread, -widen, map_x),
                 (self.jaw, -drop, map_y)]
        if self.iris_r:
            terms += [(self.irises, -pose.gaze_x * 0.45 * self.iris_r, map_x),
                      (self.irises, -pose.gaze_y * 0.3 * self.iris_r, map_y)]
        if pose.lid > 0.02:
            terms += [(self.lids[0], -pose.lid, map_y), (self.lids[1], -pose.lid, map_y)]
        for field, scale, out in terms:
            if scale:
                cv2.scaleAdd(field, scale, out, dst=out)
        frame[y0:y1, x0:x1] = cv2.remap(self.base, map_x, map_y, cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)
        if drop > 1.0:
            self._mouth_inside(frame, drop, widen, mouth, (dx, dy, roll))
        return frame

    def _mouth_inside(self, frame: np.ndarray, drop: float, widen: float, mouth: MouthShape,
                      motion: tuple[float, float, float]) -> None:
        """Paint the opened mouth between the upper inner lip and the lowered lower lip, where
        the head's motion has carried the lips."""
        p = self.points
        cx = self.mouth_c[0]
        def moved(idx: list[int], down: bool) -> np.ndarray:
            pts = p[idx].copy()
            pts[:, 0] += widen * np.clip((pts[:, 0] - cx) / (0.5 * self.mouth_w), -1, 1)
            if down:
                ix = np.clip(pts[:, 0].astype(int) - self.roi[0], 0, self.jaw.shape[1] - 1)
                iy = np.clip(pts[:, 1].astype(int) + 3 - self.roi[1], 0, self.jaw.shape[0] - 1)
                pts[:, 1] += drop * self.jaw[iy, ix]
            return pts
        upper, lower = moved(UPPER_INNER, False), moved(LOWER_INNER, True)
        dx, dy, roll = motion
        for pts in (upper, lower):
            rel = pts - self.pivot
            pts += np.stack([dx - roll * rel[:, 1], dy + roll * rel[:, 0]], axis=1)
        hole = np.concatenate([upper, lower[::-1]])
        shift = 4
        cv2.fillPoly(frame, [np.round(hole * (1 << shift)).astype(np.int32)], (40, 28, 60), cv2.LINE_AA, shift)
        if mouth.teeth > 0.3:
            top = upper.copy()
            teeth = np.concatenate([top, (top + [0, 0.12 * self.mouth_w * mouth.teeth])[::-1]])
            cv2.fillPoly(frame, [np.round(teeth * (1 << shift)).astype(np.int32)], (225, 230, 235), cv2.LINE_AA, shift)
