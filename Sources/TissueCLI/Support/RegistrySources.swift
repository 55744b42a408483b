// Generated from Sources/TissueCLI/Registry/*.csv; edit those, then run
// `TISSUE_UPDATE_GOLDEN=1 swift test --filter RegistryEmbedding` (a test holds the two equal).

/// The registry of published results, compiled into the binary so that it needs no files beside it.
enum RegistrySources {
    static let files: [(name: String, text: String)] = [
        ("lan2022-table2.csv", #"""
section,model,dataset,method,ref,cite,role,acc,flops,flops_unit,params,params_unit,ce,se,note
,VGG-16,CIFAR-100,Baseline,,lan2022compact,baseline,73.55,7.79,1e8,14.96,M,1,1,
,VGG-16,CIFAR-100,TissueNet (n=6),,lan2022compact,candidate,71.13,1.67,1e8,4.14,M,4.51,3.49,
,VGG-16,CIFAR-100,TissueNet (n=4),,lan2022compact,candidate,70.40,1.57,1e8,4.08,M,4.74,3.51,
,VGG-16,CIFAR-100,VP,53,zhao2019variational,published,73.33,6.39,1e8,9.29,M,1.21,1.61,
,VGG-16,CIFAR-100,NCP,20,hu2018novel,published,73.35,4.88,1e8,5.27,M,1.59,2.83,
,VGG-16,CIFAR-100,DMCP,48,xu2021efficient,published,-,-,1e8,-,M,1.05,1.41,
,VGG-16,CIFAR-100,PFEC,30,li2016pruning,published,-,-,1e8,-,M,1.03,1.20,
,ResNet-18,CIFAR-100,Baseline,,lan2022compact,baseline,77.32,11.13,1e8,11.22,M,1,1,
,ResNet-18,CIFAR-100,"TissueNet (n=4, 'r')",,lan2022compact,candidate,76.56,9.03,1e8,10.16,M,1.22,1.09,'r': only the intermediate blocks are stacked layers
,ResNet-18,CIFAR-100,TissueNet (n=4),,lan2022compact,candidate,75.07,4.52,1e8,4.20,M,2.39,2.60,
,ResNet-18,CIFAR-100,TAS,8,dong2019network,published,-,-,1e8,-,M,2.23,-,
,ResNet-18,CIFAR-100,FPGM,16,he2019filter,published,-,-,1e8,-,M,2.35,-,
,ResNet-18,CIFAR-100,DI-unif,18,hou2021discriminant,published,-,-,1e8,-,M,2.21,2.73,
,MobileNetV2,CIFAR-100,Baseline,,lan2022compact,baseline,72.58,1.35,1e8,2.37,M,1,1,
,MobileNetV2,CIFAR-100,TissueNet ('r'),,lan2022compact,candidate,70.36,0.68,1e8,1.78,M,1.92,1.29,'r': only the intermediate blocks are stacked layers
,MobileNetV2,CIFAR-100,DI-unif,18,hou2021discriminant,published,68.95,0.68,1e8,-,M,1.90,-,printed CE 1.90 but its accuracy and FLOPs give 1.886
"""#),
        ("lan2022-table3.csv", #"""
section,model,dataset,method,ref,cite,role,acc,flops,flops_unit,params,params_unit,ce,se,note
,VGG-16,CIFAR-10,Baseline,,lan2022compact,baseline,93.25,7.80,1e8,14.91,M,1,1,
,VGG-16,CIFAR-10,TissueNet (n=4),,lan2022compact,candidate,92.82,1.57,1e8,4.04,M,4.95,3.67,
,VGG-16,CIFAR-10,VP,53,zhao2019variational,published,93.18,4.75,1e8,3.97,M,1.64,3.75,
,VGG-16,CIFAR-10,NCP,20,hu2018novel,published,93.28,-,1e8,-,M,2.27,6.25,
,VGG-16,CIFAR-10,DMCP,48,xu2021efficient,published,-,-,1e8,-,M,1.33,3.30,
,VGG-16,CIFAR-10,PFEC,30,li2016pruning,published,93.40,5.13,1e8,5.4,M,1.52,2.77,
,VGG-16,CIFAR-10,CHIP,43,sui2021chip,published,92.47,1.67,1e8,1.89,M,4.63,7.82,
,ResNet-18,CIFAR-10,Baseline,,lan2022compact,baseline,95.29,11.13,1e8,11.17,M,1,1,
,ResNet-18,CIFAR-10,"TissueNet (n=6, 'r')",,lan2022compact,candidate,94.50,9.04,1e8,10.11,M,1.22,1.10,'r': only the intermediate blocks are stacked layers
,ResNet-18,CIFAR-10,TissueNet (n=6),,lan2022compact,candidate,93.31,6.84,1e8,6.65,M,1.59,1.64,
,ResNet-18,CIFAR-10,DMCP,48,xu2021efficient,published,-,-,1e8,-,M,1.54,5.70,
,ResNet-18,CIFAR-10,PFEC,30,li2016pruning,published,-,-,1e8,-,M,1.11,1.49,
,MobileNetV2,CIFAR-10,Baseline,,lan2022compact,baseline,92.20,1.35,1e8,2.25,M,1,1,
,MobileNetV2,CIFAR-10,TissueNet ('r'),,lan2022compact,candidate,91.14,0.97,1e8,1.67,M,1.37,1.33,'r': only the intermediate blocks are stacked layers
,MobileNetV2,CIFAR-10,WM,54,zhuang2018discrimination,published,-,-,1e8,-,M,1.35,1.30,
,MobileNetV2,CIFAR-10,DCP,32,liu2021discrimination,published,-,-,1e8,-,M,1.36,1.30,
"""#),
        ("lan2022-table4.csv", #"""
section,model,dataset,method,ref,cite,role,acc,flops,flops_unit,params,params_unit,ce,se,note
(a) Tiny-ImageNet,VGG-19,Tiny-ImageNet,Baseline,,lan2022compact,baseline,55.65,3.80,G,20.63,M,1,1,
(a) Tiny-ImageNet,VGG-19,Tiny-ImageNet,TissueNet (n=6),,lan2022compact,candidate,50.20,0.70,G,4.72,M,4.90,3.94,
(a) Tiny-ImageNet,VGG-19,Tiny-ImageNet,"TissueNet (n=6, 'r')",,lan2022compact,candidate,53.54,1.39,G,9.36,M,2.84,2.29,printed CE 2.84 and SE 2.29 but its accuracy/FLOPs/params give 2.630 and 2.120
(a) Tiny-ImageNet,VGG-19,Tiny-ImageNet,DMCP,48,xu2021efficient,published,-,-,G,-,M,1.21,2.02,
(a) Tiny-ImageNet,VGG-19,Tiny-ImageNet,PFEC,30,li2016pruning,published,-,-,G,-,M,1.05,1.36,
(b) ImageNet,ResNet-34,ImageNet,Baseline,,lan2022compact,baseline,73.31,113.82,G,21.82,M,1,1,
(b) ImageNet,ResNet-34,ImageNet,"TissueNet (n=8, 'r')",,lan2022compact,candidate,71.85,80.72,G,17.53,M,1.38,1.22,'r': only the intermediate blocks are stacked layers
(b) ImageNet,ResNet-34,ImageNet,PFEC,30,li2016pruning,published,72.20,-,G,19.30,M,1.30,1.11,
(b) ImageNet,ResNet-34,ImageNet,Taylor-FO,39,molchanov2019importance,published,72.83,-,G,17.20,M,1.28,1.26,
(b) ImageNet,ResNet-34,ImageNet,NISP,50,yu2018nisp,published,73.03,-,G,-,M,1.37,1.37,
"""#),
        ("lan2022-table5.csv", #"""
section,model,dataset,method,ref,cite,role,acc,flops,flops_unit,params,params_unit,ce,se,note
Single units,LeNet-5-style TissueNet,MNIST,unit A,,lan2022compact,candidate,98.61,0.72,M,1.41,k,-,-,row label lost in the text; units lettered in the order printed (FLOPs and params increasing)
Single units,LeNet-5-style TissueNet,MNIST,unit B,,lan2022compact,candidate,98.31,0.95,M,1.83,k,-,-,row label lost in the text; units lettered in the order printed (FLOPs and params increasing)
Single units,LeNet-5-style TissueNet,MNIST,unit C,,lan2022compact,candidate,98.72,1.19,M,2.26,k,-,-,row label lost in the text; units lettered in the order printed (FLOPs and params increasing)
Hybrid units,LeNet-5-style TissueNet,MNIST,hybrid 1,,lan2022compact,candidate,98.47,0.92,M,1.78,k,-,-,row label lost in the text; one of three random hybrid combinations
Hybrid units,LeNet-5-style TissueNet,MNIST,hybrid 2,,lan2022compact,candidate,98.65,0.95,M,1.83,k,-,-,row label lost in the text; the hybrid matched to the FLOPs and params of unit B
Hybrid units,LeNet-5-style TissueNet,MNIST,hybrid 3,,lan2022compact,candidate,98.59,1.04,M,1.99,k,-,-,row label lost in the text; one of three random hybrid combinations
"""#),
    ]
}
