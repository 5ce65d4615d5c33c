//! Secondary indexes of the growing tables (executions, events, enforcements).
//!
//! An [`Index`] maps a field value to the ids of the rows holding it, in id
//! order, so list endpoints read only the rows of one key (newest first by
//! iterating an id set backwards) and count matches from the set's size instead
//! of scanning the table. The state functions that insert, change or remove
//! those rows keep the indexes in step (see `executions`, `events`,
//! `enforcements` and `retention`).

use std::borrow::Borrow;
use std::collections::{BTreeSet, HashMap};
use std::hash::Hash;

/// The ids under one key: most keys of the high-cardinality fields (trace
/// tags, enforcement and event ids) hold a single row, stored inline.
#[derive(Debug, Clone)]
enum Ids {
    One(i64),
    Many(BTreeSet<i64>),
}

/// A read-only view of the ids under one key, ascending.
#[derive(Debug, Clone, Copy)]
pub struct IdSet<'a>(Option<&'a Ids>);

impl<'a> IdSet<'a> {
    /// Number of ids.
    pub fn len(&self) -> usize {
        match self.0 {
            None => 0,
            Some(Ids::One(_)) => 1,
            Some(Ids::Many(s)) => s.len(),
        }
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Smallest (oldest) id.
    pub fn first(&self) -> Option<&'a i64> {
        self.iter().next()
    }

    /// Whether `id` is in the set.
    pub fn contains(&self, id: &i64) -> bool {
        match self.0 {
            None => false,
            Some(Ids::One(x)) => x == id,
            Some(Ids::Many(s)) => s.contains(id),
        }
    }

    /// Ids ascending (`.rev()` for newest first).
    pub fn iter(&self) -> impl DoubleEndedIterator<Item = &'a i64> + 'a {
        let (one, many) = match self.0 {
            None => (None, None),
            Some(Ids::One(x)) => (Some(x), None),
            Some(Ids::Many(s)) => (None, Some(s.iter())),
        };
        one.into_iter().chain(many.into_iter().flatten())
    }
}

/// Field value → ids of the rows that hold it (ascending).
#[derive(Debug, Clone)]
pub struct Index<K> {
    map: HashMap<K, Ids>,
}

impl<K> Default for Index<K> {
    fn default() -> Self {
        Self {
            map: HashMap::new(),
        }
    }
}

impl<K: Hash + Eq> Index<K> {
    /// Records that row `id` holds `key`.
    pub fn insert(&mut self, key: K, id: i64) {
        match self.map.get_mut(&key) {
            None => {
                self.map.insert(key, Ids::One(id));
            }
            Some(slot) => match slot {
                Ids::One(x) if *x == id => {}
                Ids::One(x) => *slot = Ids::Many([*x, id].into_iter().collect()),
                Ids::Many(set) => {
                    set.insert(id);
                }
            },
        }
    }

    /// Forgets that row `id` holds `key` (a key left without rows is dropped).
    pub fn remove<Q>(&mut self, key: &Q, id: i64)
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        let empty = match self.map.get_mut(key) {
            None => false,
            Some(Ids::One(x)) => *x == id,
            Some(slot) => {
                let Ids::Many(set) = slot else {
                    return;
                };
                set.remove(&id);
                let (left, only) = (set.len(), set.first().copied());
                if let (1, Some(x)) = (left, only) {
                    *slot = Ids::One(x);
                }
                left == 0
            }
        };
        if empty {
            self.map.remove(key);
            self.shrink_if_sparse();
        }
    }

    /// A map that grew for a burst (say 70k live executions) and has since been pruned
    /// gives its buckets back, so a long run does not keep the burst's capacity forever.
    /// Shrinking only below a quarter of the capacity keeps it amortised O(1).
    fn shrink_if_sparse(&mut self) {
        const KEEP: usize = 1024;
        let (len, cap) = (self.map.len(), self.map.capacity());
        if cap > KEEP && len.saturating_mul(4) < cap {
            self.map.shrink_to(len.saturating_mul(2).max(KEEP));
        }
    }

    /// Ids of the rows holding `key`, ascending (empty when none).
    pub fn ids<Q>(&self, key: &Q) -> IdSet<'_>
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        IdSet(self.map.get(key))
    }

    /// Buckets allocated for keys (at least [`keys`](Self::keys)).
    pub fn capacity(&self) -> usize {
        self.map.capacity()
    }

    /// Number of distinct keys.
    pub fn keys(&self) -> usize {
        self.map.len()
    }

    /// Total number of (key, id) entries.
    pub fn entries(&self) -> usize {
        self.map.values().map(|v| IdSet(Some(v)).len()).sum()
    }
}

/// Adds `id` under `key` when there is one.
pub fn insert_some<K: Hash + Eq>(index: &mut Index<K>, key: Option<K>, id: i64) {
    if let Some(k) = key {
        index.insert(k, id);
    }
}

/// Removes `id` from under `key` when there is one.
pub fn remove_some<K, Q>(index: &mut Index<K>, key: Option<&Q>, id: i64)
where
    K: Hash + Eq + Borrow<Q>,
    Q: Hash + Eq + ?Sized,
{
    if let Some(k) = key {
        index.remove(k, id);
    }
}

/// The smallest of the id sets of the filters a query uses (`None` when it
/// uses none: every row is a candidate). Candidates still go through all the
/// query's filters; the set only bounds how many rows are looked at.
pub fn smallest<'a>(sets: impl IntoIterator<Item = Option<IdSet<'a>>>) -> Option<IdSet<'a>> {
    sets.into_iter().flatten().min_by_key(|s| s.len())
}

/// How many of `sets` are in use (filters of a query backed by an index).
pub fn used<'a>(sets: impl IntoIterator<Item = Option<IdSet<'a>>>) -> usize {
    sets.into_iter().flatten().count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pruned_burst_gives_its_capacity_back() {
        let mut i: Index<i64> = Index::default();
        for id in 0..100_000 {
            i.insert(id, id);
        }
        let burst = i.capacity();
        assert!(burst >= 100_000);
        for id in 0..99_000 {
            i.remove(&id, id);
        }
        assert_eq!(i.keys(), 1_000);
        assert!(
            i.capacity() * 8 <= burst,
            "capacity {} after pruning to 1,000 keys (burst {burst})",
            i.capacity()
        );
        assert_eq!(
            i.ids(&99_500).iter().copied().collect::<Vec<_>>(),
            vec![99_500]
        );
    }

    #[test]
    fn keys_without_rows_are_dropped() {
        let mut i: Index<String> = Index::default();
        i.insert("a".into(), 1);
        i.insert("a".into(), 3);
        i.insert("b".into(), 2);
        i.insert("a".into(), 2);
        assert_eq!(
            i.ids("a").iter().copied().collect::<Vec<_>>(),
            vec![1, 2, 3]
        );
        assert_eq!(
            i.ids("a").iter().rev().copied().collect::<Vec<_>>(),
            vec![3, 2, 1]
        );
        i.remove("a", 2);
        i.remove("a", 1);
        assert_eq!(i.ids("a").iter().copied().collect::<Vec<_>>(), vec![3]);
        assert!(i.ids("a").contains(&3) && !i.ids("a").contains(&1));
        i.remove("a", 9);
        assert_eq!(i.ids("a").len(), 1);
        i.remove("a", 3);
        assert!(i.ids("a").is_empty());
        assert_eq!(i.ids("a").first(), None);
        assert_eq!((i.keys(), i.entries()), (1, 1));
        assert_eq!(i.ids("b").first(), Some(&2));
    }

    #[test]
    fn smallest_picks_the_narrowest_filter() {
        let mut i: Index<u8> = Index::default();
        for id in 1..10 {
            i.insert(1, id);
        }
        i.insert(2, 4);
        i.insert(2, 5);
        let (a, b) = (i.ids(&1), i.ids(&2));
        let got = smallest([Some(a), None, Some(b)]).map(|s| s.iter().copied().collect::<Vec<_>>());
        assert_eq!(got, Some(vec![4, 5]));
        assert!(smallest([None, None]).is_none());
        assert_eq!(used([Some(a), None, Some(b)]), 2);
    }
}
