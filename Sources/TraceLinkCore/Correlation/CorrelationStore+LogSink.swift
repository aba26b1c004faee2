extension CorrelationStore: LogSink {
    public func accept(_ batch: [LogEvent]) async {
        insert(logs: batch)
    }

    public func accept(lines batch: LineBatch) async {
        insert(lines: batch)
    }

    public func accept(journal batch: JournalBatch) async {
        insert(journal: batch)
    }
}
