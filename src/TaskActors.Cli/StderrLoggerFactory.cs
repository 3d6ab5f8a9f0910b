using Microsoft.Extensions.Logging;

namespace TaskActors.Cli;

/// <summary>A minimal logger factory that writes information and worse to standard error, one line per entry.</summary>
internal sealed class StderrLoggerFactory : ILoggerFactory
{
    public void AddProvider(ILoggerProvider provider)
    {
    }

    public ILogger CreateLogger(string categoryName) => new StderrLogger(categoryName);

    public void Dispose()
    {
    }

    private sealed class StderrLogger(string category) : ILogger
    {
        private readonly string _category = category.StartsWith("TaskActors.Handlers.", StringComparison.Ordinal)
            ? category["TaskActors.Handlers.".Length..]
            : category;

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel))
            {
                return;
            }

            var line = $"{DateTimeOffset.Now:HH:mm:ss.fff} [{_category}] {formatter(state, exception)}";
            TerminalText.Error(exception is null ? line : $"{line}: {exception.Message}");
        }
    }
}
