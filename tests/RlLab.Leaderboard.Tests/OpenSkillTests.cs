using RlLab.Leaderboard.League;

namespace RlLab.Leaderboard.Tests;

/// <summary>The Weng–Lin Plackett–Luce update against the OpenSkill libraries' published worked example and a hand computation.</summary>
public sealed class OpenSkillTests
{
    [Fact]
    public void Two_teams_of_two_match_the_published_worked_example()
    {
        // openskill.js / openskill.py README: [[a1, a2], [b1, b2]], the first team wins.
        Rating a1 = Rating.Default, a2 = new(32.444, 5.123), b1 = new(43.381, 2.421), b2 = new(25.188, 6.211);
        var r = OpenSkill.Rate([[a1, a2], [b1, b2]], [0, 1]);
        Assert.Equal(28.669648436582808, r[0][0].Mu, 12);
        Assert.Equal(8.071520788025197, r[0][0].Sigma, 12);
        Assert.Equal(33.83086971107981, r[0][1].Mu, 12);
        Assert.Equal(5.062772998705765, r[0][1].Sigma, 12);
        Assert.Equal(43.071274808241974, r[1][0].Mu, 12);
        Assert.Equal(2.4166900452721256, r[1][0].Sigma, 12);
        Assert.Equal(23.149503312339064, r[1][1].Mu, 12);
        Assert.Equal(6.1378606973362135, r[1][1].Sigma, 12);
        Assert.Equal(35.821204672425594, r[1][0].Ordinal, 12);
    }

    [Fact]
    public void One_on_one_between_new_players_moves_both_by_the_same_amount()
    {
        var (w, l) = OpenSkill.Rate(Rating.Default, Rating.Default, 0, 1);
        // By hand: c² = 2(σ² + β²); each quotient is ½, so Δμ = ½·σ²/c and σ' = σ·√(1 − (σ/c)·¼·σ²/c²).
        double s = 25.0 / 3, beta = s / 2, c = Math.Sqrt(2 * (s * s + beta * beta));
        Assert.Equal(25 + 0.5 * s * s / c, w.Mu, 12);
        Assert.Equal(25 - 0.5 * s * s / c, l.Mu, 12);
        Assert.Equal(s * Math.Sqrt(1 - s / c * 0.25 * s * s / (c * c)), w.Sigma, 12);
        Assert.Equal(w.Sigma, l.Sigma, 12);
        // A draw between equals changes no mean, and still shrinks both σ.
        var (d1, d2) = OpenSkill.Rate(Rating.Default, Rating.Default, 0, 0);
        Assert.Equal(25, d1.Mu, 12);
        Assert.Equal(25, d2.Mu, 12);
        Assert.True(d1.Sigma < s);
    }

    [Fact]
    public void Match_quality_prefers_close_and_certain_pairs()
    {
        Assert.True(OpenSkill.Quality(Rating.Default, Rating.Default) > OpenSkill.Quality(Rating.Default, new Rating(35, 25.0 / 3)));
        Assert.True(OpenSkill.Quality(new Rating(25, 1), new Rating(25, 1)) > OpenSkill.Quality(Rating.Default, Rating.Default));
        Assert.InRange(OpenSkill.Quality(new Rating(25, 1e-6), new Rating(25, 1e-6)), 0.999999, 1.0);
    }
}
