internal import CSystemd
internal import Dispatch
internal import Logging
internal import TraceLinkCore

#if canImport(Glibc)
    internal import Glibc
#endif

/// The body of a journal source's reader thread: open (and retry), position, read batches, wait, checkpoint.
///
/// Every sd-journal call happens here, on one thread; batches go to the async side through `batches`,
/// at most `credits` of them ahead of the sink.
struct JournalReaderLoop: Sendable {
    let configuration: JournalSourceConfiguration
    let logger: Logger
    let metrics: JournalSourceMetrics
    let link: JournalReaderLink
    let batches: AsyncStream<JournalReader.Batch>.Continuation
    let checkpoint: JournalCheckpoint
    let ready: JournalReadiness

    func run() {
        defer {
            ready.set(false, metrics: metrics)
            batches.finish()
            link.markExited()
        }
        var resumeCursor = checkpoint.load(start: configuration.start)
        link.setInitial(resumeCursor)
        var reader: JournalReader?
        var unavailableLogged = false
        var lastCheckpoint = ContinuousClock.now
        var lastBehindProbe = ContinuousClock.now

        while !link.isStopRequested {
            writeCheckpointIfDue(&lastCheckpoint)
            guard let open = reader else {
                do {
                    let opened = try JournalReader(configuration: configuration)
                    log(
                        try opened.position(resumingFrom: resumeCursor, now: Self.nowMicroseconds()),
                        cursor: resumeCursor)
                    reader = opened
                    unavailableLogged = false
                    ready.set(true, metrics: metrics)
                    logger.info(
                        "reading the journal",
                        metadata: [
                            "source": "\(configuration.name)", "directory": "\(configuration.directory ?? "(local)")",
                        ])
                } catch {
                    metrics.errors.increment()
                    if !unavailableLogged {
                        ready.unavailable(error.message)
                        logger.warning(
                            "journal not available, retrying every \(configuration.retryInterval): \(error.message)",
                            metadata: ["source": "\(configuration.name)"])
                        unavailableLogged = true
                    }
                    sleep(configuration.retryInterval)
                }
                continue
            }
            do {
                let batch = try open.readBatch(limit: configuration.batchSize, observedUnixNano: Self.nowNanoseconds())
                if !batch.entries.isEmpty {
                    guard waitForCredit() else { break }
                    batches.yield(batch)
                    metrics.entriesRead.increment(by: UInt64(batch.entries.count))
                    resumeCursor = batch.lastCursor ?? resumeCursor
                }
                if batch.caughtUp {
                    metrics.entriesBehind.set(0)
                    if try Int(open.wait(timeout: configuration.pollInterval)) == SD_JOURNAL_INVALIDATE {
                        logger.debug("journal files added or removed", metadata: ["source": "\(configuration.name)"])
                    }
                } else if lastBehindProbe.duration(to: .now) >= .seconds(1) {
                    lastBehindProbe = .now
                    if let behind = try open.entriesBehind() { metrics.entriesBehind.set(Int64(clamping: behind)) }
                }
            } catch {
                metrics.errors.increment()
                logger.error(
                    "reading the journal failed, reopening in \(configuration.retryInterval): \(error.message)",
                    metadata: ["source": "\(configuration.name)"])
                open.close()
                reader = nil
                ready.set(false, metrics: metrics)
                sleep(configuration.retryInterval)
            }
        }
        reader?.close()
        writeCheckpointIfDue(&lastCheckpoint, force: true)
    }

    /// Waits for the sink to take a batch; false when stopping.
    private func waitForCredit() -> Bool {
        while !link.isStopRequested {
            if link.credits.wait(
                timeout: .now() + .milliseconds(Int(JournalReader.microseconds(configuration.pollInterval) / 1000)))
                == .success
            {
                return true
            }
        }
        return false
    }

    private func log(_ resume: JournalReader.Resume, cursor: String?) {
        let metadata: Logger.Metadata = ["source": "\(configuration.name)"]
        switch resume {
        case .afterCursor:
            logger.info("resuming after the checkpointed journal cursor", metadata: metadata)
        case .cursorLost(let realtime):
            metrics.cursorResets.increment()
            logger.warning(
                """
                the checkpointed journal entry is gone (vacuumed or rotated away) or no longer matches; \
                resuming from the oldest entry after \(realtime.map { "\($0) µs since the epoch" } ?? "the head")
                """,
                metadata: metadata.merging(["cursor": "\(cursor ?? "")"]) { $1 })
        case .clampedToMaxAge:
            logger.info("the checkpoint is older than max age; resuming from max age", metadata: metadata)
        case .start:
            logger.info(
                "no checkpoint; starting from \(configuration.maxAge.map { "max age \($0)" } ?? configuration.start.rawValue)",
                metadata: metadata)
        }
    }

    private func writeCheckpointIfDue(_ last: inout ContinuousClock.Instant, force: Bool = false) {
        guard force || last.duration(to: .now) >= configuration.checkpointInterval,
            let cursor = link.unwrittenCursor()
        else { return }
        last = .now
        if checkpoint.write(cursor) { link.markWritten(cursor) }
    }

    /// Sleeps `duration` in `pollInterval` steps, returning early when stopping.
    private func sleep(_ duration: Duration) {
        let deadline = ContinuousClock.now + duration
        while !link.isStopRequested, ContinuousClock.now < deadline {
            let step = min(configuration.pollInterval, ContinuousClock.now.duration(to: deadline))
            var request = timespec(
                tv_sec: Int(step.components.seconds), tv_nsec: Int(step.components.attoseconds / 1_000_000_000))
            _ = nanosleep(&request, nil)
        }
    }

    static func nowNanoseconds() -> UInt64 {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        return UInt64(now.tv_sec) * 1_000_000_000 + UInt64(now.tv_nsec)
    }

    static func nowMicroseconds() -> UInt64 { nowNanoseconds() / 1000 }
}
