namespace Mose.Orchestrator.Tests;

/// <summary>The calls every fake agent received, in the order they arrived, as "host:Call".</summary>
internal sealed class CallLog
{
    private readonly List<string> _calls = [];

    public void Add(string call)
    {
        lock (_calls)
        {
            _calls.Add(call);
        }
    }

    public IReadOnlyList<string> Calls
    {
        get
        {
            lock (_calls)
            {
                return [.. _calls];
            }
        }
    }
}
