//! A message's fields as a tree, and the rule the page stands on: every byte belongs to exactly
//! one leaf.
//!
//! Events carry fields as a flat list with a nesting depth (`cipher_suite` at depth 1 inside
//! `cipher_suites length` at depth 0). The page shows them as a tree whose branches open and
//! close; only leaves own bytes. A byte that no leaf covers, or that two leaves cover, would
//! make the hex grid lie about what it shows, so building a tree checks coverage and says
//! where it fails.

use serde::Serialize;

/// One field of a message: a leaf owns `start..end`; a branch holds its parts.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Node {
    /// The field's name, as the RFC spells it (`cipher_suites`, `tbsCertificate`).
    pub name: String,
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
    /// What the bytes mean, in the narrator's words.
    pub meaning: String,
    /// The parts of a branch, in byte order (empty for a leaf).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub children: Vec<Node>,
}

impl Node {
    /// A leaf.
    pub fn leaf(name: impl Into<String>, start: usize, end: usize, meaning: String) -> Node {
        Node {
            name: name.into(),
            start,
            end,
            meaning,
            children: Vec::new(),
        }
    }

    /// A branch over its children's bytes (which must not be empty).
    pub fn branch(name: impl Into<String>, meaning: String, children: Vec<Node>) -> Node {
        let start = children.first().map_or(0, |c| c.start);
        let end = children.last().map_or(0, |c| c.end);
        Node {
            name: name.into(),
            start,
            end,
            meaning,
            children,
        }
    }

    /// The same node moved `by` bytes later (a part of a bigger value).
    pub fn shifted(mut self, by: usize) -> Node {
        self.start += by;
        self.end += by;
        self.children = self.children.into_iter().map(|c| c.shifted(by)).collect();
        self
    }
}

/// A flat field as events give it: depth, name, range, meaning.
pub struct Flat {
    /// Nesting depth (0 = top level).
    pub depth: u8,
    /// The name.
    pub name: String,
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
    /// The meaning, in words.
    pub meaning: String,
}

/// The tree of a flat list: each field is a child of the nearest earlier field with a smaller
/// depth.
///
/// A TLS vector's length field is followed by its items one level deeper, though the items'
/// bytes come after the length's (`cipher_suites length` then each `cipher_suite`). Such a
/// field becomes a branch named after the vector (`cipher_suites`) holding the length as its
/// first leaf and then the items; a field whose range holds its deeper fields is simply their
/// branch.
pub fn from_flat(fields: Vec<Flat>) -> Vec<Node> {
    // The open path from the root: (depth, node) pairs, deepest last.
    let mut path: Vec<(u8, Node)> = Vec::new();
    let mut roots = Vec::new();
    let close = |path: &mut Vec<(u8, Node)>, roots: &mut Vec<Node>| {
        if let Some((_, node)) = path.pop() {
            let node = vector_branch(node);
            match path.last_mut() {
                Some((_, parent)) => parent.children.push(node),
                None => roots.push(node),
            }
        }
    };
    for f in fields {
        while path.last().is_some_and(|(d, _)| *d >= f.depth) {
            close(&mut path, &mut roots);
        }
        path.push((f.depth, Node::leaf(f.name, f.start, f.end, f.meaning)));
    }
    while !path.is_empty() {
        close(&mut path, &mut roots);
    }
    roots
}

/// A node with children that lie outside its own range: the vector it is the length of.
fn vector_branch(mut node: Node) -> Node {
    let holds = node
        .children
        .iter()
        .all(|c| c.start >= node.start && c.end <= node.end);
    if node.children.is_empty() || holds {
        return node;
    }
    let children = std::mem::take(&mut node.children);
    let name = node
        .name
        .strip_suffix(" length")
        .unwrap_or(&node.name)
        .to_string();
    let meaning = node.meaning.clone();
    let mut parts = vec![node];
    parts.extend(children);
    Node::branch(name, meaning, parts)
}

/// Where coverage fails.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "gap", rename_all = "snake_case")]
pub enum Gap {
    /// Bytes `start..end` belong to no leaf.
    Unlabelled {
        /// First byte.
        start: usize,
        /// One past the last.
        end: usize,
    },
    /// Byte `at` belongs to two leaves (or a leaf runs back over an earlier one).
    Twice {
        /// The byte.
        at: usize,
    },
    /// A field reaches past the message's last byte.
    PastEnd {
        /// Where the field ends.
        end: usize,
    },
}

/// Check that the leaves of `nodes` cover `0..len` exactly once, in order.
pub fn check_cover(nodes: &[Node], len: usize) -> Result<(), Gap> {
    let mut leaves = Vec::new();
    collect_leaves(nodes, &mut leaves);
    let mut next = 0;
    for (start, end) in leaves {
        if end > len {
            return Err(Gap::PastEnd { end });
        }
        if start < next || end < start {
            return Err(Gap::Twice { at: start });
        }
        if start > next {
            return Err(Gap::Unlabelled {
                start: next,
                end: start,
            });
        }
        next = end;
    }
    if next < len {
        return Err(Gap::Unlabelled {
            start: next,
            end: len,
        });
    }
    Ok(())
}

fn collect_leaves(nodes: &[Node], out: &mut Vec<(usize, usize)>) {
    for n in nodes {
        if n.children.is_empty() {
            out.push((n.start, n.end));
        } else {
            collect_leaves(&n.children, out);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn flat(depth: u8, name: &str, start: usize, end: usize) -> Flat {
        Flat {
            depth,
            name: name.into(),
            start,
            end,
            meaning: String::new(),
        }
    }

    #[test]
    fn depth_makes_children() {
        let t = from_flat(vec![
            flat(0, "len", 0, 2),
            flat(1, "a", 2, 3),
            flat(1, "b", 3, 4),
            flat(2, "b1", 3, 4),
            flat(0, "tail", 4, 5),
        ]);
        assert_eq!(t.len(), 2);
        // `len` is a vector's length: the branch holds it, then its items.
        assert_eq!(t[0].children.len(), 3);
        assert_eq!((t[0].start, t[0].end), (0, 4));
        assert_eq!(t[0].children[0].name, "len");
        // `b` holds `b1`: a plain branch.
        assert_eq!(t[0].children[2].children[0].name, "b1");
        assert_eq!(check_cover(&t, 5), Ok(()));
    }

    #[test]
    fn coverage_finds_gaps_overlaps_and_overruns() {
        let leaves = |r: &[(usize, usize)]| -> Vec<Node> {
            r.iter()
                .map(|&(s, e)| Node::leaf("f", s, e, String::new()))
                .collect()
        };
        assert_eq!(check_cover(&leaves(&[(0, 2), (2, 4)]), 4), Ok(()));
        assert_eq!(
            check_cover(&leaves(&[(0, 2), (3, 4)]), 4),
            Err(Gap::Unlabelled { start: 2, end: 3 })
        );
        assert_eq!(
            check_cover(&leaves(&[(0, 2), (1, 4)]), 4),
            Err(Gap::Twice { at: 1 })
        );
        assert_eq!(
            check_cover(&leaves(&[(0, 5)]), 4),
            Err(Gap::PastEnd { end: 5 })
        );
        assert_eq!(
            check_cover(&leaves(&[(0, 3)]), 4),
            Err(Gap::Unlabelled { start: 3, end: 4 })
        );
    }
}
