"""The live show: every stage wired to one media clock (`Show`), the producer that keeps speech
a few seconds ahead of the playhead (`SpeechProducer`), and the frames it is drawn with."""

from .show import Show, ShowResult, ShowSettings

__all__ = ["Show", "ShowResult", "ShowSettings"]
