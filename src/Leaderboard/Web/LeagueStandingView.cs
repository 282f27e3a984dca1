using RlLab.Leaderboard.League;
using RlLab.Leaderboard.Storage;

namespace RlLab.Leaderboard.Web;

/// <summary>One line of a league's table: ranked by <c>ordinal</c> (μ − 3σ, higher first), recomputed from the match log.</summary>
public sealed record LeagueStandingView(int Rank, long Submission, string User, string Agent, double Ordinal, double Mu, double Sigma,
    int Matches, int Wins, int Losses, int Draws)
{
    public static IReadOnlyList<LeagueStandingView> Of(IReadOnlyList<LeagueStanding> table, IReadOnlyDictionary<string, LeagueEntrant> entrants) =>
        [.. table.Select((t, i) => (t, e: entrants[t.Agent], i)).Select(x => new LeagueStandingView(x.i + 1, x.e.Id, x.e.User, x.e.Agent,
            x.t.Ordinal, x.t.Rating.Mu, x.t.Rating.Sigma, x.t.Matches, x.t.Wins, x.t.Losses, x.t.Draws))];
}
