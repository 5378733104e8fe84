%% oracle_values.erl - format 1.1 (state and values, issue 15) for the
%% BEAM oracle (oracle.erl).
%%
%% A scenario process of a format 1.1 file keeps, in its process
%% dictionary, its state variables (oracle_vars: [{Name, Value}] in the
%% order they were first set) and a stack of bindings (oracle_binds:
%% innermost first; a receive case's pattern variables, a foreach
%% variable).  Values are the decoded JSON terms (binaries, numbers,
%% true/false/null, lists, maps) and real Erlang pids: `"$self"` in a
%% message is self(), a server replies with `Pid ! Msg` to the pid it took
%% out of a message, a monitor's DOWN carries the real pid.
%%
%% Contracts with oracle.erl (the hooks, each one line there):
%%   init/1        in proc_init/3: the process's first state, from its spec
%%   resolve/1     in run_ops/1, on every op before it runs: the op with its
%%                 value positions (to, message, reason, counts) evaluated;
%%                 the op itself when the file is format 1
%%   op/1          the ops set, if, foreach (and the internal oracle_case)
%%   cases/3       in first_match/2: the cases of a receive that take a
%%                 message, each with its pattern bindings and guard applied
%%   report/2      in the collector: {vars, Name, Incarnation} outcomes
%%   outcomes/2    the same outcomes from a beamsim summary
%% A runtime error crashes the process the way beamsim does: exit(badarith),
%% exit(badarg), exit({unbound, Name}) (beamsim's ["unbound","Name"]).
-module(oracle_values).
-export([init/1, resolve/1, op/1, cases/3, report/2, outcomes/2, fmt_key/1, reason_bin/1]).

-define(INT_MAX, 9007199254740992).   % 2^53: integers past it are badarith

values() ->
    case ets:lookup(oracle_conf, values) of
        [{_, true}] -> true;
        _ -> false
    end.

%% ------------------------------------------------------------- state

init(E) ->
    case values() of
        false -> ok;
        true ->
            State = maps:get(<<"state">>, E, #{}),
            %% a JSON object has no order once decoded: keep the file's
            %% keys sorted (the summary is compared as a map)
            put(oracle_vars, lists:sort(maps:to_list(State))),
            put(oracle_binds, []),
            publish()
    end.

publish() -> ets:insert(oracle_vars, {self(), maps:from_list(get(oracle_vars))}).

set_var(Name, V) ->
    Vars = get(oracle_vars),
    put(oracle_vars, case lists:keymember(Name, 1, Vars) of
                         true -> lists:keyreplace(Name, 1, Vars, {Name, V});
                         false -> Vars ++ [{Name, V}]
                     end),
    publish().

%% The value of a variable: innermost binding, then state, then the
%% read-only ones; unbound crashes.
lookup(Name) ->
    case lists:keyfind(Name, 1, get(oracle_binds)) of
        {_, V} -> V;
        false ->
            case lists:keyfind(Name, 1, get(oracle_vars)) of
                {_, V} -> V;
                false -> special(Name)
            end
    end.

special(<<"self">>) -> self();
special(<<"sender">> = N) -> pid_or_unbound(get(oracle_sender), N);
special(<<"parent">> = N) -> pid_or_unbound(get(oracle_parent), N);
special(N) -> exit({unbound, N}).

pid_or_unbound(P, _) when is_pid(P) -> P;
pid_or_unbound(_, N) -> exit({unbound, N}).

%% A variable of the process now, for a pattern: bound (compared), or not.
bound_now(Name, Local) ->
    case lists:keyfind(Name, 1, Local) of
        {_, V} -> {ok, V};
        false ->
            case lists:keyfind(Name, 1, get(oracle_binds)) of
                {_, V} -> {ok, V};
                false ->
                    case lists:keyfind(Name, 1, get(oracle_vars)) of
                        {_, V} -> {ok, V};
                        false -> bound_special(Name)
                    end
            end
    end.

%% $self is always bound; $sender and $parent once they hold a pid.
bound_special(<<"self">>) -> {ok, self()};
bound_special(<<"sender">>) -> pid_or_none(get(oracle_sender));
bound_special(<<"parent">>) -> pid_or_none(get(oracle_parent));
bound_special(_) -> none.

pid_or_none(P) when is_pid(P) -> {ok, P};
pid_or_none(_) -> none.

with_binds(New, Fun) ->
    Old = get(oracle_binds),
    put(oracle_binds, New ++ Old),
    try Fun() after put(oracle_binds, Old) end.

%% ------------------------------------------------------------- values

var(<<$$, $$, _/binary>>) -> none;
var(<<$$, Name/binary>>) when Name =/= <<>> -> {var, Name};
var(_) -> none.

%% A value written in the file, its "$x" strings filled in ("$$x" is the
%% string "$x"); arrays and objects are literals (no operators inside).
build(B) when is_binary(B) ->
    case B of
        <<$$, $$, Rest/binary>> -> <<$$, Rest/binary>>;
        _ -> case var(B) of {var, N} -> lookup(N); none -> B end
    end;
build(L) when is_list(L) -> [build(X) || X <- L];
build(M) when is_map(M) -> maps:map(fun(_, V) -> build(V) end, M);
build(X) -> X.

-define(OPS, [<<"add">>, <<"sub">>, <<"mul">>, <<"div">>, <<"append">>, <<"remove">>,
              <<"len">>, <<"nth">>]).
-define(CONDS, [<<"eq">>, <<"ne">>, <<"lt">>, <<"le">>, <<"gt">>, <<"ge">>, <<"member">>,
                <<"and">>, <<"or">>, <<"not">>]).

%% EXPR: an operator (a one-key object with an operator's name) or a value.
eval(M) when is_map(M), map_size(M) =:= 1 ->
    [{K, A}] = maps:to_list(M),
    case lists:member(K, ?OPS) of
        true -> expr(K, A);
        false ->
            case lists:member(K, ?CONDS) of
                true -> cond_(M);
                false -> build(M)
            end
    end;
eval(V) -> build(V).

expr(<<"len">>, A) ->
    case eval(A) of
        L when is_list(L) -> length(L);
        _ -> exit(badarg)
    end;
expr(K, [A0, B0]) ->
    A = eval(A0),
    B = eval(B0),
    case K of
        <<"append">> -> is_list(A) orelse exit(badarg), A ++ [B];
        <<"remove">> -> is_list(A) orelse exit(badarg), remove(A, B);
        <<"nth">> -> nth(A, B);
        _ -> arith(K, A, B)
    end.

remove([], _) -> [];
remove([X | Rest], Y) ->
    case cmp(X, Y) of
        eq -> Rest;
        _ -> [X | remove(Rest, Y)]
    end.

nth(L, I0) when is_list(L) ->
    case int(I0) of
        {ok, I} when I >= 1, I =< length(L) -> lists:nth(I, L);
        _ -> exit(badarg)
    end;
nth(_, _) -> exit(badarg).

int(I) when is_integer(I) -> {ok, I};
int(F) when is_float(F), F == trunc(F) -> {ok, trunc(F)};
int(_) -> error.

%% Erlang's arithmetic; beamsim's numbers are doubles: an integral result
%% within 2^53 is an integer, an integer result past it is badarith.
arith(K, A, B) when is_number(A), is_number(B) ->
    Ints = int(A) =/= error andalso int(B) =/= error,
    R = try
            case K of
                <<"add">> -> A + B;
                <<"sub">> -> A - B;
                <<"mul">> -> A * B;
                <<"div">> ->
                    {{ok, X}, {ok, Y}} = {int(A), int(B)},
                    X div Y
            end
        catch error:_ -> exit(badarith)
        end,
    if Ints, abs(R) > ?INT_MAX -> exit(badarith);
       is_float(R), R == trunc(R), abs(R) =< ?INT_MAX -> trunc(R);
       true -> R
    end;
arith(_, _, _) -> exit(badarith).

%% Term order of scenario-format.md ("Guards"):
%% number < false < null < true < string < pid < object < array.
rank(N) when is_number(N) -> 0;
rank(false) -> 1;
rank(null) -> 2;
rank(true) -> 3;
rank(B) when is_binary(B) -> 4;
rank(P) when is_pid(P) -> 5;
rank(M) when is_map(M) -> 6;
rank(L) when is_list(L) -> 7.

cmp(A, B) when is_number(A), is_number(B) -> order(A == B, A < B);
cmp(A, B) when is_list(A), is_list(B) -> cmp_list(A, B);
cmp(A, B) when is_map(A), is_map(B), map_size(A) =/= map_size(B) ->
    order(false, map_size(A) < map_size(B));
cmp(A, B) when is_map(A), is_map(B) -> cmp_list(lists:sort(maps:to_list(A)), lists:sort(maps:to_list(B)));
cmp({K1, V1}, {K2, V2}) ->
    case cmp(K1, K2) of eq -> cmp(V1, V2); O -> O end;
cmp(A, B) ->
    case {rank(A), rank(B)} of
        {R, R} -> order(A =:= B, A < B);
        {R1, R2} -> order(false, R1 < R2)
    end.

cmp_list([], []) -> eq;
cmp_list([], _) -> lt;
cmp_list(_, []) -> gt;
cmp_list([X | Xs], [Y | Ys]) ->
    case cmp(X, Y) of eq -> cmp_list(Xs, Ys); O -> O end.

order(true, _) -> eq;
order(false, true) -> lt;
order(false, false) -> gt.

%% COND: true | false; an error crashes (in a guard: see guard/1).
cond_(M) when is_map(M), map_size(M) =:= 1 ->
    case maps:to_list(M) of
        [{<<"not">>, C}] -> not cond_(C);
        [{<<"and">>, Cs}] -> lists:all(fun cond_/1, Cs);
        [{<<"or">>, Cs}] -> lists:any(fun cond_/1, Cs);
        [{<<"member">>, [X0, L0]}] ->
            X = eval(X0),
            case eval(L0) of
                L when is_list(L) -> lists:any(fun(Y) -> cmp(X, Y) =:= eq end, L);
                _ -> exit(badarg)
            end;
        [{K, [A0, B0]}] ->
            case lists:member(K, ?CONDS) of
                true ->
                    A = eval(A0),
                    O = cmp(A, eval(B0)),
                    compare(K, O);
                false -> truth(eval(M))
            end;
        _ -> truth(eval(M))
    end;
cond_(V) -> truth(eval(V)).

truth(true) -> true;
truth(false) -> false;
truth(_) -> exit(badarg).

compare(<<"eq">>, O) -> O =:= eq;
compare(<<"ne">>, O) -> O =/= eq;
compare(<<"lt">>, O) -> O =:= lt;
compare(<<"le">>, O) -> O =/= gt;
compare(<<"gt">>, O) -> O =:= gt;
compare(<<"ge">>, O) -> O =/= lt.

%% A guard: an error makes it false, as in Erlang.
guard(C) ->
    try cond_(C)
    catch exit:_ -> false
    end.

%% ------------------------------------------------------------- ops

%% The op with its value positions evaluated (format 1.1 only).
resolve(Op) ->
    case get(oracle_vars) of
        undefined -> Op;
        _ -> maps:fold(fun resolve_key/3, Op, Op)
    end.

resolve_key(<<"to">>, T, Op) ->
    case var(T) of
        {var, N} ->
            case lookup(N) of
                P when is_pid(P) -> Op#{<<"to">> => P};
                _ -> exit(badarg)
            end;
        none -> Op
    end;
resolve_key(<<"message">>, M, Op) -> Op#{<<"message">> => build(M)};
resolve_key(<<"reason">>, R, Op) ->
    case var(R) of
        {var, N} ->
            case lookup(N) of
                B when is_binary(B), B =/= <<>> -> Op#{<<"reason">> => B};
                _ -> exit(badarg)
            end;
        none -> Op
    end;
resolve_key(K, C, #{<<"op">> := O} = Op)
  when K =:= <<"reductions">>; K =:= <<"ticks">>; K =:= <<"times">> ->
    case var(C) of
        {var, N} ->
            Min = case O of <<"sleep">> -> 0; _ -> 1 end,
            case int(lookup(N)) of
                {ok, I} when I >= Min -> Op#{K => I};
                _ -> exit(badarg)
            end;
        none -> Op
    end;
resolve_key(_, _, Op) -> Op.

op(#{<<"op">> := <<"set">>, <<"var">> := V, <<"value">> := E}) ->
    set_var(V, eval(E));
op(#{<<"op">> := <<"if">>, <<"cond">> := C} = O) ->
    case cond_(C) of
        true -> oracle:run_ops(maps:get(<<"then">>, O));
        false -> oracle:run_ops(maps:get(<<"else">>, O, []))
    end;
op(#{<<"op">> := <<"foreach">>, <<"var">> := V, <<"in">> := In, <<"do">> := Do}) ->
    case eval(In) of
        L when is_list(L) -> [with_binds([{V, X}], fun() -> oracle:run_ops(Do) end) || X <- L], ok;
        _ -> exit(badarg)
    end;
op(#{<<"op">> := <<"oracle_case">>, <<"binds">> := B, <<"do">> := Do}) ->
    with_binds(B, fun() -> oracle:run_ops(Do) end).

%% ------------------------------------------------------------- receive

%% The cases that take message Msg (its view V as oracle.erl matches it),
%% in order.  Format 1: the pattern alone.  Format 1.1: a pattern with
%% "$X" binds or compares, then the guard; a taken case's body becomes one
%% oracle_case op that runs it with the bindings.
cases(_, _, skip) -> [];
cases(Cases, Msg, V) ->
    case get(oracle_vars) of
        undefined -> [C || C <- Cases, oracle:match(maps:get(<<"match">>, C), V)];
        _ -> lists:append([case_binds(C, view(Msg, V)) || C <- Cases])
    end.

%% EXIT and DOWN carry the pid itself: "$P" binds it, a name matches it.
view({'EXIT', P, _}, [T, _, R]) -> [T, P, R];
view({'DOWN', _, process, P, _}, [T, _, R]) -> [T, P, R];
view(_, V) -> V.

case_binds(C, V) ->
    case bind(maps:get(<<"match">>, C, <<"_">>), V, []) of
        false -> [];
        {ok, B} ->
            G = maps:get(<<"when">>, C, true),
            case G =:= true orelse with_binds(B, fun() -> guard(G) end) of
                true ->
                    Do = [#{<<"op">> => <<"oracle_case">>, <<"binds">> => B,
                            <<"do">> => maps:get(<<"do">>, C, [])}],
                    [C#{<<"do">> => Do}];
                false -> []
            end
    end.

%% Pattern P against value V with the bindings B made so far in this
%% pattern: {ok, B1} | false (sim/value.c vmatch).
bind(<<"_">>, _, B) -> {ok, B};
bind(<<$$, $$, S/binary>>, V, B) -> same(<<$$, S/binary>>, V, B);
bind(<<$$, N/binary>>, V, B) when N =/= <<>> ->
    case bound_now(N, B) of
        {ok, X} -> case cmp(X, V) of eq -> {ok, B}; _ -> false end;
        none -> {ok, [{N, V} | B]}
    end;
bind(S, P, B) when is_binary(S), is_pid(P) ->
    case ets:lookup(oracle_pids, P) of
        [{_, S}] -> {ok, B};
        _ -> false
    end;
bind(S, V, B) when is_binary(S) -> same(S, V, B);
bind(P, V, B) when is_number(P), is_number(V) -> case P == V of true -> {ok, B}; false -> false end;
bind(P, V, B) when is_list(P), is_list(V), length(P) =:= length(V) ->
    lists:foldl(fun({X, Y}, {ok, B1}) -> bind(X, Y, B1);
                   (_, false) -> false
                end, {ok, B}, lists:zip(P, V));
bind(P, V, B) when is_map(P), is_map(V) ->
    maps:fold(fun(K, X, {ok, B1}) when is_map_key(K, V) -> bind(X, maps:get(K, V), B1);
                 (_, _, _) -> false
              end, {ok, B}, P);
bind(P, V, B) when is_atom(P), P =:= V -> {ok, B};
bind(_, _, _) -> false.

same(S, S, B) -> {ok, B};
same(_, _, _) -> false.

%% ------------------------------------------------------------- outcomes

%% Erlang side: {vars, Name, Incarnation} => its variables, pids shown as
%% {pid, Name, Incarnation}.  Procs: Pid => {Name, Incarnation, _}.
report(M, Procs) ->
    case values() of
        false -> M;
        true ->
            Pids = maps:map(fun(_, {N, I, _}) -> {pid, N, I} end, Procs),
            maps:fold(fun(Pid, {N, I, _}, Acc) ->
                              Vars = case ets:lookup(oracle_vars, Pid) of
                                         [{_, V}] -> V;
                                         [] -> #{}
                                     end,
                              Acc#{{vars, N, I} => norm(Vars, fun(P) when is_pid(P) -> maps:get(P, Pids, {pid, unknown});
                                                                  (S) -> S
                                                               end)}
                      end, M, Procs)
    end.

%% beamsim side: the summary's "variables" of each process, its pid strings
%% ("<0.7.0>", in variables "<0.7.0> name") turned into {pid, Name,
%% Incarnation} by the summary's list.
outcomes(Sum, M) ->
    Ps = maps:get(<<"processes">>, Sum),
    Pids = maps:from_list([{maps:get(<<"pid">>, P), {pid, maps:get(<<"name">>, P), maps:get(<<"incarnation">>, P)}}
                           || P <- Ps]),
    lists:foldl(fun(#{<<"variables">> := V} = P, Acc) ->
                        Acc#{{vars, maps:get(<<"name">>, P), maps:get(<<"incarnation">>, P)} =>
                                 norm(V, fun(S) -> maps:get(S, Pids, S) end)};
                   (_, Acc) -> Acc
                end, M, Ps).

norm(P, F) when is_pid(P) -> F(P);
%% a pid in a summary's variables prints with its name ("<0.4.0> c2")
norm(<<"<", _/binary>> = S, F) -> F(hd(binary:split(S, <<" ">>)));
norm(L, F) when is_list(L) -> [norm(X, F) || X <- L];
norm(M, F) when is_map(M) -> maps:map(fun(_, V) -> norm(V, F) end, M);
norm(X, _) when is_float(X), X == trunc(X) -> trunc(X);
norm(X, _) -> X.

fmt_key({vars, N, I}) -> io_lib:format("variables of ~s#~b", [N, I]).

%% A crash reason of format 1.1 as beamsim prints it.
reason_bin({unbound, N}) -> <<"[\"unbound\",\"", N/binary, "\"]">>.
