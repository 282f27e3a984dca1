// The controls every replay shares: play, pause and scrub over frames fetched as JSON from the canvas's
// data-src. A page's drawing script calls rllabReplay(canvas, count, intervalMs, draw): count(data) frames,
// a frame every intervalMs(data) ms, draw(data, frame) paints one and returns the label beside the scrubber.
window.rllabReplay = function (canvas, count, intervalMs, draw) {
  const scrub = document.getElementById('scrub');
  const label = document.getElementById('frame');
  let data = null, frame = 0, timer = null;

  function show() {
    label.textContent = draw(data, frame);
    scrub.value = String(frame);
  }
  function pause() { clearInterval(timer); timer = null; }
  function play() {
    if (timer || !data) return;
    timer = setInterval(() => { if (frame >= count(data) - 1) { pause(); return; } frame++; show(); }, intervalMs(data));
  }

  document.getElementById('play').addEventListener('click', play);
  document.getElementById('pause').addEventListener('click', pause);
  scrub.addEventListener('input', () => { pause(); frame = Number(scrub.value); show(); });

  fetch(canvas.dataset.src).then((r) => r.json()).then((d) => {
    data = d;
    scrub.max = String(Math.max(0, count(d) - 1));
    frame = count(d) - 1;
    show();
    canvas.dataset.drawn = 'true';
  });
};
