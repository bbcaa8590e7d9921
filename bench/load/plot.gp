# Latency histogram of one carrel-load run as a PNG: bars are the share of samples per bucket
# (log-scaled milliseconds on x), the line is the cumulative fraction (right axis), and the
# dashed line marks the target. Call as:
#   gnuplot -e "datafile='x-join.dat'; outfile='x-join.png'; plottitle='...'; target=200" plot.gp
# Columns of the data file (LogHistogram::write_dat): lower_ms upper_ms count cumulative.
set terminal pngcairo size 900,480 font ",10" noenhanced
set output outfile
set title plottitle
set logscale x 10
set xlabel "latency (ms, log scale)"
set ylabel "share of samples per bucket"
set y2label "cumulative fraction"
set y2range [0:1.02]
set y2tics 0.1
set ytics nomirror
set grid xtics y2tics
set key bottom right
set style fill solid 0.6 border -1
stats datafile using 3 nooutput name "C"
total = C_sum
stats datafile using 1 nooutput name "L"
stats datafile using 2 nooutput name "U"
xlo = L_min > 1e-3 ? L_min / 1.5 : 1e-3
xhi = (U_max > target ? U_max : target) * 1.5
set xrange [xlo:xhi]
set arrow from target, graph 0 to target, graph 1 nohead dashtype 2 lw 2 lc rgb "#cc0000"
set label sprintf("target p95 < %g ms", target) at target, graph 0.5 right offset -1,0 tc rgb "#cc0000"
lo(x) = x > 1e-4 ? x : 1e-4
plot datafile using (sqrt(lo($1)*$2)):($3/total/2):(lo($1)):2:(0):($3/total) with boxxyerror lc rgb "#4477aa" title "bucket share", \
     datafile using 2:4 axes x1y2 with lines lw 2 lc rgb "#222222" title "cumulative"
