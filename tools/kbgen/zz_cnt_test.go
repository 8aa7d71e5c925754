package main
import ("testing";"github.com/bounce-explainer/bounce/kb")
func TestCnt(t *testing.T){ e,_:=kb.LoadEmbedded(); d,_,g:=TrainingSet(e); m:=map[string]bool{}; for _,x:=range g{m[x]=true}; t.Log(len(d),len(m)) }
