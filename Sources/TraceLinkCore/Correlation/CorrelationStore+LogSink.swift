extension CorrelationStore: LogSink {
    public func accept(_ batch: [LogEvent]) async {
        insert(logs: batch)
    }
}
