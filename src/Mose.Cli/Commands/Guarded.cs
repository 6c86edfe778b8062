using Grpc.Core;

namespace Mose.Cli.Commands;

/// <summary>Runs a command body and turns expected failures into a message and a documented exit code.</summary>
public static class Guarded
{
    public static async Task<int> RunAsync(Func<Task<int>> body)
    {
        try
        {
            return await body().ConfigureAwait(false);
        }
        catch (UserException e)
        {
            Progress.Error(e.Message);
            return e.ExitCode;
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.Cancelled)
        {
            Progress.Error("cancelled; a migration already started runs to its end (or rolls back) in the " +
                "orchestrator: see ./mose status");
            return ExitCodes.Cancelled;
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.Unavailable)
        {
            Progress.Error($"lost the orchestrator ({e.Status.Detail}). Run `./mose lab up` to restart what is " +
                "missing; the orchestrator then finishes or undoes an interrupted migration by itself " +
                "(see ./mose status)");
            return ExitCodes.Failed;
        }
        catch (RpcException e) when (e.StatusCode is StatusCode.InvalidArgument or StatusCode.NotFound)
        {
            Progress.Error(e.Status.Detail);
            return ExitCodes.Usage;
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.FailedPrecondition)
        {
            // The orchestrator answered, but a host could not do what was asked (an agent down, a link not
            // measurable, a service not in a state for it): the environment's state, not bad input.
            Progress.Error(e.Status.Detail);
            return ExitCodes.Environment;
        }
        catch (RpcException e)
        {
            Progress.Error($"{e.StatusCode}: {e.Status.Detail}");
            return ExitCodes.Failed;
        }
        catch (OperationCanceledException)
        {
            Progress.Error("cancelled");
            return ExitCodes.Cancelled;
        }
        catch (ArgumentException e)
        {
            Progress.Error(e.Message);
            return ExitCodes.Usage;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException
            or Core.Processes.CommandFailedException)
        {
            Progress.Error($"{e.Message} ({e.GetType().Name})");
            return ExitCodes.Failed;
        }
    }
}
