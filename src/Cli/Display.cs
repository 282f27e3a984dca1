using System.Diagnostics;
using RlLab.Agents.Training;
using Spectre.Console;

namespace RlLab.Cli;

/// <summary>Training progress: a Spectre.Console bar on a terminal, plain lines when output is redirected (CI, logs).</summary>
static class Display
{
    public static T WithProgress<T>(bool quiet, string title, Func<Action<TrainingProgress>, T> work)
    {
        if (quiet) return work(_ => { });
        if (Console.IsOutputRedirected || !AnsiConsole.Profile.Capabilities.Interactive)
        {
            var last = Stopwatch.StartNew();
            bool first = true;
            return work(p =>
            {
                if (!first && last.Elapsed.TotalSeconds < 2) return;
                first = false;
                last.Restart();
                Console.WriteLine($"step {p.Step,10:N0}  episodes {p.Episodes,6}  mean return {p.MeanReturn,8:F1}  {p.StepsPerSecond,9:N0} SPS  {p.WallSeconds,7:F1} s");
            });
        }

        T result = default!;
        AnsiConsole.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .Start(ctx =>
            {
                ProgressTask task = ctx.AddTask(Markup.Escape(title));
                result = work(p =>
                {
                    double total = p.TotalEpisodes is int te ? te : p.TotalSteps ?? 1;
                    double done = p.TotalEpisodes is not null ? p.Episodes : p.Step;
                    task.MaxValue = total;
                    task.Value = Math.Min(done, total);
                    task.Description = Markup.Escape($"{title}  step {p.Step:N0}  ep {p.Episodes}  return {p.MeanReturn:F1}  {p.StepsPerSecond:N0} SPS");
                });
                task.Value = task.MaxValue;
            });
        return result;
    }
}
