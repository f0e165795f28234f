//! The positions of every key and value of a YAML document by path, from one event-level pass
//! (`saphyr-parser`), built only when a diagnostic needs one.

use std::collections::HashMap;

use saphyr_parser::{Event, Parser};

use crate::diagnostics::Position;

use super::Seg;

#[derive(Debug, Clone, Copy)]
pub(super) struct NodeSpan {
    pub(super) key: Option<Position>,
    pub(super) value: Position,
}

/// Positions of every key and value of a YAML document, by path.
pub(super) struct SpanIndex {
    spans: HashMap<Vec<Seg>, NodeSpan>,
}

enum Frame {
    Mapping { key: Option<(String, Position)> },
    Sequence { next: usize },
}

impl SpanIndex {
    pub(super) fn get(&self, path: &[Seg]) -> Option<&NodeSpan> {
        self.spans.get(path)
    }

    /// Walks the document's events once, recording where each node starts.
    pub(super) fn build(yaml: &str) -> SpanIndex {
        let mut spans = HashMap::new();
        let mut stack: Vec<Frame> = Vec::new();
        let mut path: Vec<Seg> = Vec::new();
        // Depth inside a complex (non-scalar) mapping key, whose contents are not indexed.
        let mut ignored = 0usize;
        for result in Parser::new_from_str(yaml) {
            let Ok((event, span)) = result else { break };
            let at = Position::new(span.start.line(), span.start.col() + 1);
            if ignored > 0 {
                match event {
                    Event::SequenceStart(..) | Event::MappingStart(..) => ignored += 1,
                    Event::SequenceEnd | Event::MappingEnd => ignored -= 1,
                    _ => {}
                }
                continue;
            }
            match event {
                Event::Scalar(..)
                | Event::Alias(_)
                | Event::SequenceStart(..)
                | Event::MappingStart(..) => {
                    let text = match &event {
                        Event::Scalar(text, ..) => Some(text.to_string()),
                        _ => None,
                    };
                    if let Some(Frame::Mapping { key }) = stack.last_mut()
                        && key.is_none()
                    {
                        *key = Some((text.unwrap_or_else(|| "?".into()), at));
                        if matches!(event, Event::SequenceStart(..) | Event::MappingStart(..)) {
                            ignored = 1;
                        }
                        continue;
                    }
                    let (seg, key_at) = match stack.last_mut() {
                        Some(Frame::Mapping { key }) => {
                            let (name, key_at) = key.take().expect("checked above");
                            (Some(Seg::Key(name)), Some(key_at))
                        }
                        Some(Frame::Sequence { next }) => {
                            *next += 1;
                            (Some(Seg::Index(*next - 1)), None)
                        }
                        None => (None, None),
                    };
                    if let Some(seg) = seg.clone() {
                        path.push(seg);
                    }
                    spans.insert(
                        path.clone(),
                        NodeSpan {
                            key: key_at,
                            value: at,
                        },
                    );
                    match event {
                        Event::SequenceStart(..) => stack.push(Frame::Sequence { next: 0 }),
                        Event::MappingStart(..) => stack.push(Frame::Mapping { key: None }),
                        _ => {
                            if seg.is_some() {
                                path.pop();
                            }
                        }
                    }
                }
                Event::SequenceEnd | Event::MappingEnd => {
                    stack.pop();
                    if !stack.is_empty() {
                        path.pop();
                    }
                }
                _ => {}
            }
        }
        SpanIndex { spans }
    }
}
