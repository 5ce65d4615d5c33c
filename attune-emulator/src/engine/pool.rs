//! A bounded worker pool: at most `size` jobs run at once, the rest wait in
//! a FIFO queue (tokio's fair [`Semaphore`]). Jobs are never dropped.
//!
//! [`WorkerPool::room`] lets new work from outside wait while the backlog is long, so a
//! burst is held back at the door instead of piling up in memory.

use std::future::Future;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use tokio::sync::{Notify, Semaphore};
use tokio::task::JoinHandle;

/// A bounded pool of concurrently running async jobs.
#[derive(Debug, Clone)]
pub struct WorkerPool {
    inner: Arc<Inner>,
}

struct Inner {
    size: usize,
    permits: Arc<Semaphore>,
    in_flight: AtomicUsize,
    queued: AtomicUsize,
    completed: AtomicUsize,
    /// Signalled once per started job: one place in the backlog has freed up.
    room: Notify,
}

impl std::fmt::Debug for Inner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Inner")
            .field("size", &self.size)
            .field("in_flight", &self.in_flight)
            .field("queued", &self.queued)
            .field("completed", &self.completed)
            .finish()
    }
}

/// Decrements a counter when dropped (also on panic/abort).
struct CountGuard<'a>(&'a AtomicUsize);

impl Drop for CountGuard<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

impl WorkerPool {
    /// A pool running at most `size` jobs at once (`size` 0 is treated as 1).
    pub fn new(size: usize) -> WorkerPool {
        let size = size.max(1);
        WorkerPool {
            inner: Arc::new(Inner {
                size,
                permits: Arc::new(Semaphore::new(size)),
                in_flight: AtomicUsize::new(0),
                queued: AtomicUsize::new(0),
                completed: AtomicUsize::new(0),
                room: Notify::new(),
            }),
        }
    }

    /// Queue `job`; it starts as soon as a slot is free (FIFO). Must be
    /// called inside a tokio runtime. The returned handle resolves when the
    /// job has finished.
    pub fn submit<F>(&self, job: F) -> JoinHandle<()>
    where
        F: Future<Output = ()> + Send + 'static,
    {
        self.submit_with(move || job)
    }

    /// Like [`submit`](Self::submit), but the job's future is built by `make`
    /// only once a slot is free: a queued job costs its closure and a small
    /// waiting task, not its whole future (a long backlog stays small in memory).
    pub fn submit_with<M, F>(&self, make: M) -> JoinHandle<()>
    where
        M: FnOnce() -> F + Send + 'static,
        F: Future<Output = ()> + Send + 'static,
    {
        let inner = Arc::clone(&self.inner);
        inner.queued.fetch_add(1, Ordering::SeqCst);
        tokio::spawn(async move {
            let permit = {
                let _queued = CountGuard(&inner.queued);
                // The semaphore is never closed, so acquire cannot fail; if
                // it ever did, run the job anyway rather than lose it.
                Arc::clone(&inner.permits).acquire_owned().await.ok()
            };
            inner.room.notify_one();
            inner.in_flight.fetch_add(1, Ordering::SeqCst);
            {
                let _running = CountGuard(&inner.in_flight);
                // boxed: the waiting task does not carry the job's state inline
                Box::pin(make()).await;
            }
            inner.completed.fetch_add(1, Ordering::SeqCst);
            drop(permit);
        })
    }

    /// Waits until fewer than `limit` jobs are queued, at most `max_wait` (then returns
    /// anyway). `limit` 0 never waits. Each job that leaves the queue lets one waiter on.
    pub async fn room(&self, limit: usize, max_wait: std::time::Duration) {
        if limit == 0 {
            return;
        }
        let deadline = tokio::time::Instant::now() + max_wait;
        loop {
            let notified = self.inner.room.notified();
            tokio::pin!(notified);
            notified.as_mut().enable();
            if self.queued() < limit {
                return;
            }
            if tokio::time::timeout_at(deadline, notified).await.is_err() {
                return;
            }
        }
    }

    /// Configured size.
    pub fn size(&self) -> usize {
        self.inner.size
    }

    /// Jobs currently running.
    pub fn in_flight(&self) -> usize {
        self.inner.in_flight.load(Ordering::SeqCst)
    }

    /// Jobs waiting for a slot.
    pub fn queued(&self) -> usize {
        self.inner.queued.load(Ordering::SeqCst)
    }

    /// Jobs finished so far.
    pub fn completed(&self) -> usize {
        self.inner.completed.load(Ordering::SeqCst)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn thousand_jobs_all_complete_never_more_than_size() {
        let pool = WorkerPool::new(8);
        let done = Arc::new(AtomicUsize::new(0));
        let running = Arc::new(AtomicUsize::new(0));
        let peak = Arc::new(AtomicUsize::new(0));
        let mut handles = Vec::new();
        for _ in 0..1000 {
            let (done, running, peak) = (done.clone(), running.clone(), peak.clone());
            handles.push(pool.submit(async move {
                let now = running.fetch_add(1, Ordering::SeqCst) + 1;
                peak.fetch_max(now, Ordering::SeqCst);
                tokio::time::sleep(Duration::from_micros(200)).await;
                running.fetch_sub(1, Ordering::SeqCst);
                done.fetch_add(1, Ordering::SeqCst);
            }));
        }
        assert!(pool.in_flight() <= 8);
        for h in handles {
            h.await.unwrap();
        }
        assert_eq!(done.load(Ordering::SeqCst), 1000);
        assert_eq!(pool.completed(), 1000);
        assert!(
            peak.load(Ordering::SeqCst) <= 8,
            "peak {}",
            peak.load(Ordering::SeqCst)
        );
        assert_eq!(pool.in_flight(), 0);
        assert_eq!(pool.queued(), 0);
    }

    #[tokio::test]
    async fn queued_jobs_are_built_only_when_a_slot_frees() {
        let pool = WorkerPool::new(1);
        let (release, hold) = tokio::sync::oneshot::channel::<()>();
        let first = pool.submit(async move {
            let _ = hold.await;
        });
        let built = Arc::new(AtomicUsize::new(0));
        let b = built.clone();
        let second = pool.submit_with(move || {
            b.fetch_add(1, Ordering::SeqCst);
            async {}
        });
        while pool.in_flight() != 1 || pool.queued() != 1 {
            tokio::task::yield_now().await;
        }
        assert_eq!(built.load(Ordering::SeqCst), 0, "built while queued");
        release.send(()).unwrap();
        first.await.unwrap();
        second.await.unwrap();
        assert_eq!(built.load(Ordering::SeqCst), 1);
    }

    #[tokio::test]
    async fn counters_reflect_queue() {
        let pool = WorkerPool::new(2);
        let gate = Arc::new(tokio::sync::Notify::new());
        let mut handles = Vec::new();
        for _ in 0..5 {
            let gate = gate.clone();
            handles.push(pool.submit(async move { gate.notified().await }));
        }
        // wait until the scheduler has placed everything
        for _ in 0..1000 {
            if pool.in_flight() == 2 && pool.queued() == 3 {
                break;
            }
            tokio::task::yield_now().await;
        }
        assert_eq!(pool.in_flight(), 2);
        assert_eq!(pool.queued(), 3);
        assert_eq!(pool.size(), 2);
        for _ in 0..5 {
            // notify_one stores a permit if nobody waits yet, so no wake-up
            // is lost
            gate.notify_one();
            tokio::task::yield_now().await;
        }
        for h in handles {
            h.await.unwrap();
        }
        assert_eq!(pool.completed(), 5);
        assert_eq!(pool.in_flight(), 0);
        assert_eq!(pool.queued(), 0);
        assert_eq!(WorkerPool::new(0).size(), 1);
    }

    #[tokio::test]
    async fn room_waits_for_the_backlog_to_shrink_and_gives_up_after_max_wait() {
        let pool = WorkerPool::new(1);
        let (release, hold) = tokio::sync::oneshot::channel::<()>();
        let first = pool.submit(async move {
            let _ = hold.await;
        });
        let queued: Vec<_> = (0..3).map(|_| pool.submit(async {})).collect();
        while pool.in_flight() != 1 || pool.queued() != 3 {
            tokio::task::yield_now().await;
        }
        // three queued, limit 2: no room; the wait gives up after max_wait
        let t = tokio::time::Instant::now();
        pool.room(2, Duration::from_millis(50)).await;
        assert!(
            t.elapsed() >= Duration::from_millis(50),
            "returned before max_wait"
        );
        assert_eq!(pool.queued(), 3);
        // limit 0 never waits
        pool.room(0, Duration::from_secs(60)).await;
        // freeing the slot lets the queue drain, and the waiter on
        let waiter = {
            let pool = pool.clone();
            tokio::spawn(async move { pool.room(2, Duration::from_secs(60)).await })
        };
        release.send(()).unwrap();
        tokio::time::timeout(Duration::from_secs(10), waiter)
            .await
            .expect("room after the backlog shrank")
            .unwrap();
        assert!(pool.queued() < 2);
        first.await.unwrap();
        for h in queued {
            h.await.unwrap();
        }
    }

    #[tokio::test]
    async fn panicking_job_frees_its_slot() {
        let pool = WorkerPool::new(1);
        let h = pool.submit(async { panic!("boom") });
        assert!(h.await.is_err());
        let ok = pool.submit(async {});
        ok.await.unwrap();
        assert_eq!(pool.in_flight(), 0);
    }
}
